package pe.centralunica.ivr;

import org.asteriskjava.util.SocketConnectionFacade;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import jdk.net.ExtendedSocketOptions;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One FastAGI connection as asterisk-java wants it: LF-terminated lines in, text out. Ours rather than the
 * library's for how a dead Asterisk is noticed: not with a read timeout — on a virtual thread every timed read
 * costs a timer registration, measured as a large share of the server's CPU per command — but with TCP
 * keep-alive probes (idle 30 s, every 10 s, 3 misses), which cost nothing while the peer answers.
 */
final class LineSocket implements SocketConnectionFacade {

    private final Socket socket;
    private final BufferedReader in;
    private final BufferedWriter out;

    LineSocket(Socket socket, int readTimeoutMillis) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(true);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPIDLE, 30);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, 10);
        trySet(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8), 4096);
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), 1024);
    }

    private static void trySet(Socket socket, java.net.SocketOption<Integer> option, int value) {
        try {
            if (socket.supportedOptions().contains(option)) {
                socket.setOption(option, value);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // platform without the option: the system's keep-alive defaults apply
        }
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
