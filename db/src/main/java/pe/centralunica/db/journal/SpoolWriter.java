package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The spool's single writer, with group commit: callers enqueue a framed record and wait — at most
 * {@code appendTimeout} — until the group holding it has been written and fsynced; the writer takes everything
 * queued since its last fsync as one group, so a burst of a thousand appends costs a handful of fsyncs.
 * Segments roll at a size.
 *
 * <p>Faults never block the call path and never drop a queued record: a failed write (disk full, I/O error)
 * keeps its group in memory and is retried with backoff, after rolling to a fresh segment so that the shipper
 * can ship and delete the old one and free space; while writes fail or stall, appends return at once with
 * {@link JournalNotDurableException} (still queued). Only a full in-memory queue ({@code maxQueuedEvents})
 * refuses records, counted and reported. The writer thread is supervised: if it ever ends unexpectedly, the
 * next append or health check restarts it, and it resumes with the group it held.
 */
final class SpoolWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolWriter.class);
    private static final int MAX_GROUP = 8192;
    private static final Duration MAX_RETRY = Duration.ofSeconds(1);
    private static final Duration REFUSAL_ALARM = Duration.ofSeconds(60);

    /** Queued by {@link #close(Duration)} only to wake an idle writer at once; never written. */
    private static final PendingAppend WAKE = new PendingAppend(ByteBuffer.allocate(0), new CompletableFuture<>(), 0);
    /**
     * How long an idle writer sleeps between looks at {@code closed}: appends and close wake it at once, so this
     * is only a safety net — a short one (it was 50 ms) costs an idle node a wake-up 20 times a second.
     */
    private static final long IDLE_WAIT_MILLIS = 1_000;

    private record PendingAppend(ByteBuffer frame, CompletableFuture<Void> done, long enqueuedNanos) {
    }

    /** Test seam: runs before each group write (a stalled or failing disk in tests). */
    interface WriteHook {
        void beforeWrite() throws IOException;
    }

    private final SpoolDirectory dir;
    private final long segmentBytes;
    private final Runnable onDurable;
    private final JournalSettings settings;
    private final WriteHook hook;
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Guards {@link #closed} and restarts so that no append is enqueued after the writer decided to stop. */
    private final ReentrantLock admission = new ReentrantLock();
    private boolean closed;
    private volatile Thread thread;
    private volatile String lastDeath;
    private int restarts;

    // Owned by the writer thread (a restarted thread takes them over after the old one ended).
    private final List<PendingAppend> group = new ArrayList<>();
    private FileChannel channel;
    private long segment;
    private long size;
    private boolean mustRoll;

    private volatile SpoolPosition durableEnd;
    private volatile long inFlightSinceNanos;
    private volatile Instant failingSince;
    private volatile String failure;
    private volatile boolean diskFull;
    private volatile Instant lastRefusal;

    private final AtomicLong appendedEvents = new AtomicLong();
    private final AtomicLong appendedBytes = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong notDurableInTime = new AtomicLong();

    SpoolWriter(SpoolDirectory dir, long firstSegment, JournalSettings settings, Runnable onDurable, WriteHook hook) {
        this.dir = dir;
        this.settings = settings;
        this.segmentBytes = settings.segmentBytes();
        this.onDurable = onDurable;
        this.hook = hook;
        try {
            openSegment(firstSegment);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create spool segment in " + dir.path(), e);
        }
        this.durableEnd = new SpoolPosition(segment, 0);
        this.thread = startThread();
    }

    private Thread startThread() {
        // A platform thread: it spends its life in write/fsync, which would pin a virtual thread's carrier.
        return Thread.ofPlatform().name("cu-journal-writer").daemon(true).start(this::run);
    }

    /** Waits (bounded) until the event is fsynced to the spool. */
    void append(CallEvent event) {
        appendAll(List.of(event));
    }

    /**
     * Waits until every event is fsynced, at most {@code appendTimeout} (not at all while the writer is known
     * to be failing or stalled); they are queued together, so usually one group commit serves all.
     *
     * @throws JournalNotDurableException when not durable in time (still queued) or refused (lost)
     */
    void appendAll(List<CallEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<PendingAppend> pendings = enqueue(events);
        long deadline = System.nanoTime() + (healthyNow() ? settings.appendTimeout().toNanos() : 0);
        for (int i = 0; i < pendings.size(); i++) {
            CallEvent event = events.get(i);
            try {
                pendings.get(i).done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                notDurableInTime.incrementAndGet();
                throw new JournalNotDurableException("event " + event.eventId() + " not yet durable after "
                        + settings.appendTimeout().toMillis() + " ms (spool slow or failing); it stays queued", true);
            } catch (ExecutionException e) {
                throw new JournalNotDurableException("spool write failed for event " + event.eventId() + ": "
                        + e.getCause(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JournalNotDurableException("interrupted while waiting for the spool fsync of event "
                        + event.eventId() + " (it stays queued)", true);
            }
        }
    }

    /** Queues the events without waiting; the future completes when they are durable (or fails if they never will be). */
    CompletableFuture<Void> submit(List<CallEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<PendingAppend> pendings = enqueue(events);
        return pendings.getLast().done();
    }

    private List<PendingAppend> enqueue(List<CallEvent> events) {
        List<PendingAppend> pendings = new ArrayList<>(events.size());
        long now = System.nanoTime();
        for (CallEvent event : events) {
            pendings.add(new PendingAppend(RecordFrame.frame(EventCodec.encode(Objects.requireNonNull(event, "event"))),
                    new CompletableFuture<>(), now));
        }
        admission.lock();
        try {
            if (closed) {
                throw refuse(events, "call journal is closed");
            }
            ensureRunningLocked();
            if (!thread.isAlive()) {
                throw refuse(events, "spool writer thread is dead (" + lastDeath + ")");
            }
            if (queued.get() + events.size() > settings.maxQueuedEvents()) {
                throw refuse(events, "spool writer queue full (" + queued.get() + " events waiting for the disk)");
            }
            queued.addAndGet(events.size());
            queue.addAll(pendings);
        } finally {
            admission.unlock();
        }
        return pendings;
    }

    private JournalNotDurableException refuse(List<CallEvent> events, String why) {
        long total = refused.addAndGet(events.size());
        lastRefusal = Instant.now();
        if (total == events.size() || total / 1000 != (total - events.size()) / 1000) {
            LOG.error("CALL RECORDS LOST: {} event(s) refused by the journal, {} so far: {}", events.size(), total, why);
        }
        return new JournalNotDurableException(why + "; event " + events.getFirst().eventId() + " not recorded", false);
    }

    /** Supervision: restarts a writer thread that ended while the journal is open (at most once a second). */
    private void ensureRunningLocked() {
        Thread t = thread;
        if (closed || t.isAlive()) {
            return;
        }
        restarts++;
        LOG.error("Spool writer thread had stopped ({}); restarting it (restart {})", lastDeath, restarts);
        thread = startThread();
    }

    void superviseNow() {
        admission.lock();
        try {
            ensureRunningLocked();
        } finally {
            admission.unlock();
        }
    }

    private boolean healthyNow() {
        return failingSince == null && stalledFor().isEmpty();
    }

    /** How long the oldest waiting append has waited, when that exceeds {@code stallAfter}. */
    private Optional<Duration> stalledFor() {
        long since = inFlightSinceNanos;
        PendingAppend head = queue.peek();
        if (since == 0 && head != null) {
            since = head.enqueuedNanos();
        }
        if (since == 0) {
            return Optional.empty();
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - since);
        return waited.compareTo(settings.stallAfter()) > 0 ? Optional.of(waited) : Optional.empty();
    }

    /** The writer's current faults (empty when healthy). */
    List<JournalFault> faults() {
        superviseNow();
        List<JournalFault> out = new ArrayList<>();
        Thread t = thread;
        if (!t.isAlive() && !isClosed()) {
            out.add(new JournalFault.WriterDead(String.valueOf(lastDeath)));
        }
        Instant failing = failingSince;
        if (failing != null) {
            out.add(new JournalFault.WritesFailing(failing, String.valueOf(failure), diskFull));
        }
        stalledFor().ifPresent(d -> out.add(new JournalFault.WriterStalled(d, queued.get())));
        Instant refusal = lastRefusal;
        if (refusal != null && Duration.between(refusal, Instant.now()).compareTo(REFUSAL_ALARM) < 0) {
            out.add(new JournalFault.AppendsRefused(refused.get(), refusal));
        }
        return out;
    }

    /** End of the data that is fsynced and safe to read. */
    SpoolPosition durableEnd() {
        return durableEnd;
    }

    long appendedEvents() {
        return appendedEvents.get();
    }

    long appendedBytes() {
        return appendedBytes.get();
    }

    long fsyncs() {
        return fsyncs.get();
    }

    long refusedEvents() {
        return refused.get();
    }

    long notDurableInTime() {
        return notDurableInTime.get();
    }

    int restarts() {
        admission.lock();
        try {
            return restarts;
        } finally {
            admission.unlock();
        }
    }

    int queuedEvents() {
        return queued.get();
    }

    private boolean isClosed() {
        admission.lock();
        try {
            return closed;
        } finally {
            admission.unlock();
        }
    }

    private void run() {
        Duration retry = Duration.ofMillis(50);
        try {
            while (true) {
                if (group.isEmpty()) {
                    PendingAppend first = queue.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    if (first == WAKE) {
                        first = null;
                    }
                    if (first == null) {
                        if (isClosed() && queue.isEmpty()) {
                            break;
                        }
                        continue;
                    }
                    group.add(first);
                    queue.drainTo(group, MAX_GROUP - 1);
                    group.removeIf(p -> p == WAKE);
                    inFlightSinceNanos = first.enqueuedNanos();
                }
                if (writeGroup()) {
                    retry = Duration.ofMillis(50);
                    continue;
                }
                Thread.sleep(retry);
                retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failEverything(new IllegalStateException("spool writer stopped before writing this event"));
        } catch (Throwable t) {
            // Not expected (writeGroup catches everything it can): leave the group for a restarted thread.
            lastDeath = t.toString();
            LOG.error("Spool writer thread died; it is restarted on the next append or health check", t);
            return;
        }
        closeChannel();
    }

    /** Writes and fsyncs the current group; false (group kept for a retry) when that failed. */
    private boolean writeGroup() {
        long total = 0;
        ByteBuffer[] buffers = new ByteBuffer[group.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = group.get(i).frame().duplicate();
            total += buffers[i].remaining();
        }
        try {
            hook.beforeWrite();
            if (mustRoll || (size > 0 && size + total > segmentBytes)) {
                roll();
            }
            long written = 0;
            while (written < total) {
                written += channel.write(buffers);
            }
            channel.force(false);
        } catch (VirtualMachineError e) {
            // This thread may be in no state to go on: let it end; the supervisor starts a fresh one, which
            // takes over the group (still held here) — nothing queued is lost.
            onWriteFailure(e, group.size());
            throw e;
        } catch (Exception | Error e) {
            onWriteFailure(e, group.size());
            return false;
        }
        size += total;
        fsyncs.incrementAndGet();
        appendedEvents.addAndGet(group.size());
        appendedBytes.addAndGet(total);
        durableEnd = new SpoolPosition(segment, size);
        queued.addAndGet(-group.size());
        inFlightSinceNanos = 0;
        group.forEach(p -> p.done().complete(null));
        group.clear();
        if (failingSince != null) {
            LOG.warn("Spool writes succeed again after failing since {}; events held in memory meanwhile are being written", failingSince);
            failingSince = null;
            failure = null;
            diskFull = false;
        }
        onDurable.run();
        return true;
    }

    private void onWriteFailure(Throwable e, int events) {
        boolean full = isDiskFull(e);
        if (failingSince == null) {
            failingSince = Instant.now();
            LOG.error("Spool write to {} failed ({}){}; {} events held in memory and retried, calls are still routed",
                    dir.segmentPath(segment), e.toString(), full ? " — THE SPOOL DISK IS FULL" : "", events);
        }
        failure = e.toString();
        diskFull = full;
        discardPartialWrite();
    }

    private boolean isDiskFull(Throwable e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left") || message.contains("Disk quota exceeded")) {
            return true;
        }
        try {
            return java.nio.file.Files.getFileStore(dir.path()).getUsableSpace() < 64 * 1024;
        } catch (IOException | RuntimeException ignored) {
            return false;
        }
    }

    /**
     * After a failed write: cut the segment back to its durable end, and start a new segment at the next try
     * if this one holds data, so the shipper can ship and delete it — the only way a full disk gets space back.
     */
    private void discardPartialWrite() {
        try {
            channel.truncate(size);
            channel.position(size);
        } catch (IOException | RuntimeException e) {
            mustRoll = true;
        }
        if (size > 0) {
            mustRoll = true;
        }
    }

    private void roll() throws IOException {
        FileChannel old = channel;
        long next = segment + 1;
        FileChannel created = FileChannel.open(dir.segmentPath(next), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel = created;
        segment = next;
        size = 0;
        mustRoll = false;
        try {
            old.close();
        } catch (IOException e) {
            LOG.warn("Closing spool segment {} failed: {}", next - 1, e.toString());
        }
        // The old segment is sealed: everything in it is fsynced, and the shipper may now finish and delete it.
        durableEnd = new SpoolPosition(segment, 0);
        try {
            dir.syncDirectory();
        } catch (IOException e) {
            LOG.warn("Syncing spool directory after creating segment {} failed: {}", next, e.toString());
        }
    }

    private void openSegment(long number) throws IOException {
        channel = FileChannel.open(dir.segmentPath(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        dir.syncDirectory();
        segment = number;
        size = 0;
    }

    private void failEverything(RuntimeException cause) {
        int lost = group.size() + queue.size();
        if (lost > 0) {
            LOG.error("CALL RECORDS LOST: the spool writer stopped with {} event(s) not written", lost);
        }
        group.forEach(p -> p.done().completeExceptionally(cause));
        group.clear();
        PendingAppend p;
        while ((p = queue.poll()) != null) {
            p.done().completeExceptionally(cause);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing spool segment {} failed: {}", segment, e.toString());
        }
    }

    /** Stops taking appends, writes what is queued, and waits for the writer to finish (interrupting it after the timeout). */
    void close(Duration timeout) {
        admission.lock();
        try {
            ensureRunningLocked(); // a writer that died still holds events: let a new one write them first
            closed = true;
        } finally {
            admission.unlock();
        }
        queue.offer(WAKE);
        Thread t = thread;
        try {
            if (!t.join(timeout)) {
                LOG.warn("Spool writer did not finish within {}; interrupting it", timeout);
                t.interrupt();
                t.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
