package pe.centralunica.simulator.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The AMI listener: one {@link AmiSession} per connection, each on its own virtual threads. */
public final class AmiServer implements AutoCloseable, FaultState.AmiFaults {
    private static final Logger log = LoggerFactory.getLogger(AmiServer.class);

    private final Engine engine;
    private final ServerSocket server;
    private final String user;
    private final String secret;
    private final AmiEventPermissions permissions;
    private final List<AmiSession> sessions = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private volatile boolean closed;

    private AmiServer(Engine engine, ServerSocket server, String user, String secret, AmiEventPermissions permissions) {
        this.engine = engine;
        this.permissions = permissions;
        this.server = server;
        this.user = user;
        this.secret = secret;
    }

    public static AmiServer start(Engine engine, String host, int port, String user, String secret) throws IOException {
        return start(engine, host, port, user, secret, AmiEventPermissions.all());
    }

    /** As above, the user reading only what {@code permissions} lets through (its manager.conf read and filters). */
    public static AmiServer start(Engine engine, String host, int port, String user, String secret,
                                  AmiEventPermissions permissions) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(host), port), 200);
        AmiServer s = new AmiServer(engine, ss, user, secret, permissions);
        engine.faults.attachAmi(s);
        Thread.ofVirtual().name("ami-accept").start(s::acceptLoop);
        return s;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                AmiSession session = new AmiSession(engine, this, s, user, secret, permissions);
                sessions.add(session);
                session.start();
            } catch (SocketException e) {
                if (!closed) log.warn("AMI accept failed", e);
                return;
            } catch (IOException e) {
                log.warn("AMI accept failed", e);
            }
        }
    }

    void ended(AmiSession s) {
        sessions.remove(s);
    }

    boolean stalled() {
        return stalled;
    }

    @Override
    public void drop() {
        for (AmiSession s : sessions) s.close();
    }

    @Override
    public void stall(boolean on) {
        stalled = on;
        if (!on) for (AmiSession s : sessions) s.wake();
    }

    @Override
    public void halfWrittenFrame() {
        for (AmiSession s : sessions) s.writeRawThenClose("Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/carr");
    }

    @Override
    public void garbage() {
        for (AmiSession s : sessions) s.writeRaw("\u0000\u0007%%garbage-not-ami%%\u00ff\r\n\r\n");
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing AMI listener", e);
        }
        drop();
    }
}
