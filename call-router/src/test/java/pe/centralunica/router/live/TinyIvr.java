package pe.centralunica.router.live;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;

/**
 * A FastAGI server standing in for the ivr module (which depends on this one): triage sets CU_CALL_ID at once,
 * then the route variables and CU_ROUTE_OK last, as the real IVR does.
 */
final class TinyIvr implements AutoCloseable {
    private final DefaultAgiServer server;
    private final int port;
    /** uniqueid → the call id the "IVR" gave the call. */
    final Map<String, UUID> callIds = new ConcurrentHashMap<>();
    private volatile String kind = "QUEUE";
    private volatile String queue;

    TinyIvr(String queue) throws IOException {
        this.queue = queue;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        AgiScript triage = (request, channel) -> {
            UUID id = UUID.randomUUID();
            callIds.put(request.getUniqueId(), id);
            channel.setVariable("CU_CALL_ID", id.toString());
            channel.setVariable("CU_TYPE", "ROBBERY");
            channel.setVariable("CU_DISTRICT", "150122");
            channel.setVariable("CU_TARGET_KIND", this.kind);
            channel.setVariable("CU_TARGET", this.queue);
            channel.setVariable("CU_TARGET_TIMEOUT", "600");
            channel.setVariable("CU_PRIORITY", "3");
            channel.setVariable("CU_ROUTE_OK", "1");
        };
        server = new DefaultAgiServer((request, channel) -> request.getScript() == null ? null
                : "triage".equals(request.getScript()) ? triage : null);
        server.setPort(port);
        Thread t = new Thread(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "tiny-ivr");
        t.setDaemon(true);
        t.start();
        for (int i = 0; i < 500; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("FastAGI server did not start");
    }

    /** Routes the next calls to this step instead (kind QUEUE or DIAL). */
    TinyIvr routeTo(String kind, String target) {
        this.kind = kind;
        this.queue = target;
        return this;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
