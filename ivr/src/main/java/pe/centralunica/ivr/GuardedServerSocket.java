package pe.centralunica.ivr;

import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * The FastAGI listening socket. Connections from hosts outside the allow list are closed at once, before a
 * byte is read or a thread is spent, and never reach a script.
 */
final class GuardedServerSocket implements ServerSocketFacade {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedServerSocket.class);

    private final ServerSocket server;
    private final AllowList allow;
    private final LongAdder refused;
    // 0 = no read timeout: a dead peer is found by TCP keep-alive (see LineSocket).
    private volatile int readTimeoutMillis = 0;

    GuardedServerSocket(InetAddress bindAddress, int port, AllowList allow, LongAdder refused) throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(new InetSocketAddress(bindAddress, port), 1024);
        this.allow = allow;
        this.refused = refused;
    }

    int localPort() {
        return server.getLocalPort();
    }

    InetAddress localAddress() {
        return server.getInetAddress();
    }

    @Override
    public SocketConnectionFacade accept() throws IOException {
        while (true) {
            Socket socket = server.accept();
            InetAddress remote = socket.getInetAddress();
            if (allow.allows(remote)) {
                try {
                    return new LineSocket(socket, readTimeoutMillis);
                } catch (IOException e) {
                    // The peer vanished between accept and setup: nothing to serve, keep listening.
                    closeQuietly(socket);
                    continue;
                }
            }
            refused.increment();
            LOG.warn("FastAGI connection from {} refused: not in CU_AGI_ALLOW ({})", remote.getHostAddress(), allow);
            closeQuietly(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    @Override
    public void setSocketReadTimeout(int millis) {
        this.readTimeoutMillis = millis;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
