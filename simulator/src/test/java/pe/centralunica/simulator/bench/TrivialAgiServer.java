package pe.centralunica.simulator.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A FastAGI server that routes every call to one queue (ANSWER, four SET VARIABLE, close): what the triage
 * script does minus the questions, to measure the simulator alone. Also runs as its own process:
 * {@code java … TrivialAgiServer <port> <queue>}.
 */
public final class TrivialAgiServer implements AutoCloseable {
    private final ServerSocket server;
    private final String queue;

    public TrivialAgiServer(int port, String queue) throws IOException {
        this.server = new ServerSocket(port, 1000, InetAddress.getLoopbackAddress());
        this.queue = queue;
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4599;
        try (TrivialAgiServer s = new TrivialAgiServer(port, args.length > 1 ? args[1] : "cic-sc")) {
            System.out.println("trivial FastAGI server on 127.0.0.1:" + s.port());
            Thread.currentThread().join();
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) { }
            for (String cmd : new String[] {"ANSWER", "SET VARIABLE CU_TARGET_KIND QUEUE", "SET VARIABLE CU_TARGET " + queue,
                    "SET VARIABLE CU_TARGET_TIMEOUT 30", "SET VARIABLE CU_ROUTE_OK 1"}) {
                out.write((cmd + "\n").getBytes(StandardCharsets.UTF_8));
                if (in.readLine() == null) return;
            }
        } catch (IOException e) {
            // the call is gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
