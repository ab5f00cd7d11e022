package pe.centralunica.ivr;

import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.util.ServerSocketFacade;

import java.io.IOException;
import java.util.concurrent.ThreadFactory;
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
        if (stockPool) {
            super.execute(session);
            return;
        }
        sessions.newThread(session).start();
    }

    long accepted() {
        return accepted.sum();
    }
}
