package pe.centralunica.db.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The spool's single writer, with group commit: callers enqueue a framed record and park until the group
 * holding it has been written and fsynced; the writer takes everything queued since its last fsync as one
 * group, so a burst of a thousand appends costs a handful of fsyncs. Segments roll at a size.
 */
final class SpoolWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolWriter.class);
    private static final int MAX_GROUP = 8192;

    private record PendingAppend(ByteBuffer frame, CompletableFuture<Void> done) {
    }

    private final SpoolDirectory dir;
    private final long segmentBytes;
    private final Runnable onDurable;
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    /** Guards {@link #closed} so that no append is enqueued after the writer decided to stop. */
    private final ReentrantLock admission = new ReentrantLock();
    private boolean closed;
    private final Thread thread;

    private FileChannel channel;
    private long segment;
    private long size;
    private boolean mustRoll;
    private volatile SpoolPosition durableEnd;

    private final AtomicLong appendedEvents = new AtomicLong();
    private final AtomicLong appendedBytes = new AtomicLong();
    private final AtomicLong fsyncs = new AtomicLong();

    SpoolWriter(SpoolDirectory dir, long firstSegment, long segmentBytes, Runnable onDurable) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.onDurable = onDurable;
        try {
            openSegment(firstSegment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create spool segment in " + dir.path(), e);
        }
        this.durableEnd = new SpoolPosition(segment, 0);
        // A platform thread: it spends its life in write/fsync, which would pin a virtual thread's carrier.
        this.thread = Thread.ofPlatform().name("cu-journal-writer").daemon(true).start(this::run);
    }

    /** Blocks until the event is fsynced to the spool. */
    void append(CallEvent event) {
        appendAll(List.of(event));
    }

    /** Blocks until every event is fsynced; they are queued together, so usually one group commit serves all. */
    void appendAll(List<CallEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<PendingAppend> pendings = new ArrayList<>(events.size());
        for (CallEvent event : events) {
            pendings.add(new PendingAppend(RecordFrame.frame(EventCodec.encode(Objects.requireNonNull(event, "event"))),
                    new CompletableFuture<>()));
        }
        admission.lock();
        try {
            if (closed) {
                throw new IllegalStateException("call journal is closed; event " + events.getFirst().eventId() + " not recorded");
            }
            queue.addAll(pendings);
        } finally {
            admission.unlock();
        }
        for (int i = 0; i < pendings.size(); i++) {
            CallEvent event = events.get(i);
            try {
                pendings.get(i).done().get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw cause instanceof IOException io
                        ? new UncheckedIOException("spool write failed for event " + event.eventId(), io)
                        : new IllegalStateException("spool write failed for event " + event.eventId(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the spool fsync of event " + event.eventId()
                        + " (it may still become durable)", e);
            }
        }
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

    private boolean isClosed() {
        admission.lock();
        try {
            return closed;
        } finally {
            admission.unlock();
        }
    }

    private void run() {
        List<PendingAppend> group = new ArrayList<>();
        try {
            while (true) {
                PendingAppend first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (isClosed() && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                writeGroup(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            IllegalStateException stopped = new IllegalStateException("spool writer stopped");
            group.forEach(p -> p.done().completeExceptionally(stopped));
            queue.forEach(p -> p.done().completeExceptionally(stopped));
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Closing spool segment {} failed: {}", segment, e.toString());
            }
        }
    }

    private void writeGroup(List<PendingAppend> group) {
        long total = 0;
        ByteBuffer[] buffers = new ByteBuffer[group.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = group.get(i).frame();
            total += buffers[i].remaining();
        }
        try {
            if (mustRoll || (size > 0 && size + total > segmentBytes)) {
                roll();
            }
            long written = 0;
            while (written < total) {
                written += channel.write(buffers);
            }
            channel.force(false);
            size += total;
            fsyncs.incrementAndGet();
            appendedEvents.addAndGet(group.size());
            appendedBytes.addAndGet(total);
            durableEnd = new SpoolPosition(segment, size);
        } catch (IOException e) {
            LOG.error("Spool write to {} failed ({}); {} appends get an error", dir.segmentPath(segment), e.toString(),
                    group.size());
            discardPartialWrite();
            group.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        group.forEach(p -> p.done().complete(null));
        onDurable.run();
    }

    /** After a failed write: cut the segment back to its durable end, or start a new one at the next group. */
    private void discardPartialWrite() {
        try {
            channel.truncate(size);
            channel.position(size);
        } catch (IOException e) {
            mustRoll = true;
        }
    }

    private void roll() throws IOException {
        channel.close();
        openSegment(segment + 1);
        mustRoll = false;
    }

    private void openSegment(long number) throws IOException {
        channel = FileChannel.open(dir.segmentPath(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        dir.syncDirectory();
        segment = number;
        size = 0;
    }

    /** Stops taking appends, writes what is queued, and waits for the writer to finish. */
    void close(Duration timeout) {
        admission.lock();
        try {
            closed = true;
        } finally {
            admission.unlock();
        }
        try {
            if (!thread.join(timeout)) {
                LOG.warn("Spool writer did not finish within {}; interrupting it", timeout);
                thread.interrupt();
                thread.join(Duration.ofSeconds(1));
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
