package pe.centralunica.app.callpath;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy (to PostgreSQL, or Asterisk's AMI) whose link can be cut and restored (a refused, broken
 * connection), or stalled and resumed (a server that stops answering without closing anything — a black hole:
 * connections stay open, no byte moves, new connections are accepted and hang) — two different outages on demand.
 */
public final class CuttableProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean stalled;

    public CuttableProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket s = listen(0);
        this.port = s.getLocalPort();
        serve(s);
    }

    public int port() {
        return port;
    }

    /** Refuses new connections and breaks every open one. */
    public void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /** Keeps every connection open but moves no byte, in either direction, until {@link #resume()}. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        stalled = false;
    }

    public void restore() throws IOException {
        serve(listen(port));
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void serve(ServerSocket s) {
        server = s;
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buf = new byte[16 * 1024];
                while (true) {
                    while (stalled) {
                        Thread.sleep(20); // hold the bytes: the kernel buffers fill, nobody gets an answer
                    }
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    while (stalled) {
                        Thread.sleep(20);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException ignored) {
                // cut or closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
