package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each fault switch does what it says, seen from the server/client that suffers it. */
class FaultsTest {
    private static final String DIALPLAN = """
            [globals]
            CU_AGI=agi://127.0.0.1:1
            [t]
            exten => _X.,1,AGI(${CU_AGI}/triage)
             same => n,NoOp(${AGISTATUS})
             same => n,Wait(300)
            """;

    /** A FastAGI server that sends ANSWER, then GET DATA, and records every line it receives. */
    private static final class RecordingServer implements AutoCloseable {
        final ServerSocket server;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CompletableFuture<Boolean> eof = new CompletableFuture<>();

        RecordingServer() throws Exception {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    String l;
                    while ((l = in.readLine()) != null && !l.isEmpty()) { }
                    s.getOutputStream().write("ANSWER\n".getBytes(StandardCharsets.UTF_8));
                    lines.add(in.readLine());
                    s.getOutputStream().write("GET DATA \"beep\" 10000 4\n".getBytes(StandardCharsets.UTF_8));
                    while ((l = in.readLine()) != null) lines.add(l);
                    eof.complete(true);
                } catch (Exception e) {
                    eof.complete(false);
                }
            });
        }

        @Override
        public void close() throws java.io.IOException {
            server.close();
        }
    }

    @Test
    void hangupMidCommandAnswersMinusOneThenHangup() throws Exception {
        try (RecordingServer srv = new RecordingServer();
             SimulatedAsterisk sim = SimulatedAsterisk.builder().dialplanText(DIALPLAN)
                     .agiServer("127.0.0.1", srv.server.getLocalPort()).timeScale(0.01).start()) {
            sim.faults().hangupMidCommand(true);
            CallOutcome o = sim.place(CallScript.caller("1").context("t").dials("911")).get(10, TimeUnit.SECONDS);
            AwaitCondition.until("the server saw the hang-up", () -> srv.lines.size() >= 3);
            assertThat(srv.lines).startsWith("200 result=0", "200 result=-1", "HANGUP");
            assertThat(o.disposition()).isEqualTo(Disposition.FAILED);
        }
    }

    @Test
    void dropAgiMidCommandClosesTheSocketWithoutAnAnswer() throws Exception {
        try (RecordingServer srv = new RecordingServer();
             SimulatedAsterisk sim = SimulatedAsterisk.builder().dialplanText(DIALPLAN)
                     .agiServer("127.0.0.1", srv.server.getLocalPort()).timeScale(0.01).start()) {
            sim.faults().dropAgiMidCommand(true);
            sim.place(CallScript.caller("1").context("t").dials("911")).get(10, TimeUnit.SECONDS);
            assertThat(srv.eof.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(srv.lines).containsExactly((String) null); // not even ANSWER was answered
        }
    }

    @Test
    void agiUnreachableSetsFailureWithoutConnecting() throws Exception {
        try (ServerSocket nobodyAccepts = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SimulatedAsterisk sim = SimulatedAsterisk.builder().dialplanText(DIALPLAN)
                     .agiServer("127.0.0.1", nobodyAccepts.getLocalPort()).timeScale(0.01).start()) {
            sim.faults().agiUnreachable(true);
            CallOutcome o = sim.place(CallScript.caller("1").context("t").dials("911").hangsUpAfter(Duration.ofSeconds(100)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(o.variable("AGISTATUS")).isEqualTo("FAILURE");
            assertThat(sim.summary().agiConnectFailures()).isEqualTo(1);
            assertThat(o.dialplanTrace()).contains("t,911,2 NoOp(FAILURE)");
        }
    }

    private static SimulatedAsterisk amiSim() {
        return SimulatedAsterisk.builder().dialplanText(DIALPLAN).ami(0, "u", "s").timeScale(0.01).start();
    }

    private static Socket loggedIn(SimulatedAsterisk sim) throws Exception {
        Socket s = new Socket("127.0.0.1", sim.amiPort());
        s.setSoTimeout(5000);
        s.getOutputStream().write("Action: Login\r\nUsername: u\r\nSecret: s\r\nEvents: off\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        return s;
    }

    private static String readAll(Socket s) throws Exception {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void amiDropClosesEveryConnection() throws Exception {
        try (SimulatedAsterisk sim = amiSim(); Socket s = loggedIn(sim)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("Asterisk Call Manager/9.0.0");
            assertThat(in.readLine()).isEqualTo("Response: Success");
            sim.faults().amiDrop();
            String rest;
            List<String> after = new ArrayList<>();
            while ((rest = in.readLine()) != null) after.add(rest);
            assertThat(after).doesNotContain("Response: Goodbye"); // closed, not logged off
        }
    }

    @Test
    void halfWrittenFrameEndsMidMessage() throws Exception {
        try (SimulatedAsterisk sim = amiSim(); Socket s = loggedIn(sim)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            in.readLine();
            while (!in.readLine().isEmpty()) { } // the login response
            sim.faults().amiHalfWrittenFrame();
            String tail = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(tail).startsWith("Event: Newchannel\r\n").doesNotEndWith("\r\n\r\n");
        }
    }

    @Test
    void garbageIsWrittenAndTheConnectionStaysUsable() throws Exception {
        try (SimulatedAsterisk sim = amiSim(); Socket s = loggedIn(sim)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            in.readLine();
            while (!in.readLine().isEmpty()) { }
            sim.faults().amiGarbage();
            assertThat(in.readLine()).contains("garbage-not-ami");
            assertThat(in.readLine()).isEmpty();
            s.getOutputStream().write("Action: Ping\r\nActionID: p\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("Response: Success");
        }
    }

    @Test
    void stalledAmiHoldsResponsesUntilReleased() throws Exception {
        try (SimulatedAsterisk sim = amiSim(); Socket s = loggedIn(sim)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            in.readLine();
            while (!in.readLine().isEmpty()) { }
            sim.faults().amiStall(true);
            s.getOutputStream().write("Action: Ping\r\nActionID: p\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(300);
            assertThat(s.getInputStream().available()).isZero();
            boolean timedOut = false;
            try {
                in.readLine();
            } catch (java.net.SocketTimeoutException e) {
                timedOut = true;
            }
            assertThat(timedOut).as("nothing arrives while stalled").isTrue();
            sim.faults().amiStall(false);
            s.setSoTimeout(5000);
            assertThat(in.readLine()).isEqualTo("Response: Success");
        }
    }
}
