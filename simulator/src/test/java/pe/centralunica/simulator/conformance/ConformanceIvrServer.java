package pe.centralunica.simulator.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The FastAGI side of transcript agi/08 (the IVR of ami/02): ANSWER, GET DATA beep 3000 1, SET VARIABLE. */
final class ConformanceIvrServer implements AutoCloseable {
    private final ServerSocket server;

    ConformanceIvrServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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

    int port() {
        return server.getLocalPort();
    }

    private static void serve(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // environment
            }
            out.write("ANSWER\n".getBytes(StandardCharsets.UTF_8));
            in.readLine();
            out.write("GET DATA \"beep\" 3000 1\n".getBytes(StandardCharsets.UTF_8));
            String r = in.readLine();
            String digit = r == null ? "" : r.replaceAll("^200 result=(\\S*).*", "$1");
            out.write(("SET VARIABLE \"TRIAGE_RESULT\" \"" + digit + "\"\n").getBytes(StandardCharsets.UTF_8));
            in.readLine();
        } catch (IOException e) {
            // the call ended
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
