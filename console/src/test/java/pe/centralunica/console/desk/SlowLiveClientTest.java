package pe.centralunica.console.desk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dispatcher's laptop that stops reading its live feed (dropped off Wi-Fi) while the queue changes ten times
 * a second: the node does not buffer every snapshot for it — snapshots are merged while its write queue is
 * full — and closes the feed after the slow-client limit, so the node's memory stays bounded.
 */
class SlowLiveClientTest {

    private static ConsoleNode console;

    @BeforeAll
    static void start() throws Exception {
        console = new ConsoleNode();
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void aClientThatStopsReadingGetsMergedSnapshotsAndIsClosedAfterTheLimit() throws Exception {
        String cookie = console.login("supervisor").sessionCookie();
        int port = console.node.httpPort();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024); // a small window: the node's side fills quickly
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            String key = Base64.getEncoder().encodeToString("cu-slow-client-01".getBytes(StandardCharsets.US_ASCII));
            out.write(("GET /api/live HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\nCookie: " + cookie + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String handshake = readHeaders(in);
            assertThat(handshake).startsWith("HTTP/1.1 101");

            // Stop reading. Meanwhile the queue changes constantly, and every snapshot is large.
            long started = System.nanoTime();
            int snapshots = 0;
            for (int i = 0; i < 400; i++) {
                console.asterisk.put(FakeAsterisk.queued("1700009000." + i, null, "98" + String.format("%07d", i),
                        "ser-150132", "FIRE", "150132", "NORMAL"));
            }
            long deadline = started + Duration.ofSeconds(25).toNanos();
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 400; i += 40) {
                    console.asterisk.put(FakeAsterisk.queued("1700009000." + i, null, "98" + String.format("%07d", i),
                            "ser-150132", i % 80 == 0 ? "FIRE" : "CRIME", "150132", "NORMAL"));
                }
                snapshots++;
                Thread.sleep(100);
            }
            long wouldHaveBuffered = (long) snapshots * 400 * 250; // ~250 bytes per call in a snapshot

            // Now read everything the node queued for us: it ends (closed) and is far less than it would have been.
            socket.setSoTimeout(20_000);
            long received = 0;
            byte[] buf = new byte[64 * 1024];
            boolean closedByNode = false;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received += n;
                }
                closedByNode = true;
            } catch (SocketTimeoutException stillOpen) {
                closedByNode = false;
            } catch (java.io.IOException reset) {
                closedByNode = true; // connection reset by the node: closed too
            }
            assertThat(closedByNode).as("the node closed the feed of a client that stopped reading").isTrue();
            assertThat(received).as("bytes the node had queued for the stalled client, vs %d bytes of snapshots produced",
                    wouldHaveBuffered).isLessThan(wouldHaveBuffered / 4).isLessThan(16L << 20);
        }
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }
}
