package pe.centralunica.ivr;

import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * asterisk-java's FastAGI server with two changes: every session runs on its own virtual thread (the stock
 * pool of 10–500 threads closes the socket of call 501, which Asterisk reports as SUCCESS), and the
 * listening socket is ours (bound before start, allow-listed).
 */
final class VirtualThreadAgiServer extends DefaultAgiServer {

    private final GuardedServerSocket socket;
    private final ThreadFactory sessions = Thread.ofVirtual().name("agi-", 1).factory();
    private final LongAdder accepted = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();

    private final boolean stockPool;

    VirtualThreadAgiServer(MappingStrategy mapping, GuardedServerSocket socket) {
        this(mapping, socket, false);
    }

    /** With {@code stockPool}, asterisk-java's own pool (10–500 threads) serves: only for the side-by-side benchmark. */
    VirtualThreadAgiServer(MappingStrategy mapping, GuardedServerSocket socket, boolean stockPool) {
        super(mapping);
        this.socket = socket;
        this.stockPool = stockPool;
        setPort(socket.localPort());
        // Without it asterisk-java logs "Listening on *:port" whatever address the socket really binds.
        setAddress(socket.localAddress());
    }

    @Override
    protected ServerSocketFacade createServerSocket() throws IOException {
        return socket;
    }

    @Override
    protected void execute(Runnable session) {
        accepted.increment();
        inFlight.incrementAndGet();
        Runnable counted = () -> {
            try {
                session.run();
            } finally {
                if (inFlight.decrementAndGet() == 0) {
                    synchronized (inFlight) {
                        inFlight.notifyAll();
                    }
                }
            }
        };
        if (stockPool) {
            super.execute(counted);
            return;
        }
        sessions.newThread(counted).start();
    }

    long accepted() {
        return accepted.sum();
    }

    /** Sessions accepted and not finished (from the first byte read to the socket closed). */
    int inFlight() {
        return inFlight.get();
    }

    /** Waits until no session is in flight or {@code timeout} passed; true when none is left. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inFlight) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(inFlight, left);
            }
        }
        return true;
    }
}
