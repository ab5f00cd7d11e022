package pe.centralunica.ivr;

import org.asteriskjava.util.SocketConnectionFacade;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One FastAGI connection as asterisk-java wants it: LF-terminated lines in, text out. Ours rather than the
 * library's so that the read timeout is ours: AGI sessions are short (our scripts decide, the dialplan
 * rings), so a peer silent for longer than {@code readTimeoutMillis} is a dead Asterisk, not a long call.
 */
final class LineSocket implements SocketConnectionFacade {

    private final Socket socket;
    private final BufferedReader in;
    private final BufferedWriter out;

    LineSocket(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 4096);
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 1024);
    }

    @Override
    public String readLine() throws IOException {
        return in.readLine();
    }

    @Override
    public void write(String s) throws IOException {
        out.write(s);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public boolean isConnected() {
        return socket.isConnected() && !socket.isClosed();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getRemoteAddress() {
        return socket.getInetAddress();
    }

    @Override
    public int getRemotePort() {
        return socket.getPort();
    }
}
