package pe.centralunica.simulator.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Plays our FastAGI server's side ('S>' lines) of an AGI transcript against the simulator and records what the
 * simulator answered, in the transcript's rhythm: after each 'S>' line it reads as many lines as the real
 * Asterisk sent before the next 'S>' line. The comparison is the test's job.
 */
final class AgiTranscriptReplayer implements AutoCloseable {
    private final ServerSocket server;
    private final Transcript transcript;
    final CompletableFuture<List<String>> received = new CompletableFuture<>();

    AgiTranscriptReplayer(Transcript transcript) throws IOException {
        this.transcript = transcript;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        List<String> got = new ArrayList<>();
        try (Socket s = server.accept()) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            List<Transcript.Line> lines = transcript.lines();
            int i = 0;
            while (i < lines.size()) {
                Transcript.Line l = lines.get(i);
                if (l.dir() == 'S') {
                    out.write((l.text() + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    i++;
                    continue;
                }
                String line = in.readLine();
                if (line == null) break;
                got.add(line);
                i++;
            }
            received.complete(got);
        } catch (IOException e) {
            received.complete(got);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
