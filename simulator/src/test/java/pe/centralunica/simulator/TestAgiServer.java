package pe.centralunica.simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;

/** asterisk-java's FastAGI server with scripts by name, as our ivr module runs it; records each request. */
final class TestAgiServer implements AutoCloseable {
    private final DefaultAgiServer server;
    private final int port;
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AgiScript> scripts = new ConcurrentHashMap<>();

    TestAgiServer() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        server = new DefaultAgiServer((request, channel) -> {
            if (request.getScript() == null) return null; // our own readiness probe
            // script and first argument (the dialled number or the last status); later arguments vary by dialplan
            requests.add(request.getScript() + (request.getArguments().length > 0 ? " " + request.getArguments()[0] : ""));
            return scripts.get(request.getScript());
        });
        server.setPort(port);
        Thread t = new Thread(() -> {
            try {
                server.startup();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "test-agi-server");
        t.setDaemon(true);
        t.start();
        waitUntilListening();
    }

    private void waitUntilListening() {
        for (int i = 0; i < 200; i++) {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                if (s.isConnected()) return;
            } catch (IOException e) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("FastAGI server did not start");
    }

    TestAgiServer script(String name, AgiScript script) {
        scripts.put(name, script);
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
