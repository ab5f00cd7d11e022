package pe.centralunica.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.SimulatedAsterisk;

/**
 * TIMEOUT(absolute), the T extension and AGIEXITONHANGUP around an AGI step, as measured on the real Asterisk
 * 20.20.1 (transcripts/agi/09-agi-deadline.txt): with AGIEXITONHANGUP=yes a server that never answers loses the
 * call to T when the deadline expires (AGISTATUS=HANGUP, the channel lives on); without it the AGI waits for
 * the frozen server; a server that re-arms the deadline keeps the call, and one whose re-armed deadline
 * expires mid-command gets {@code 200 result=-1} and then {@code HANGUP}.
 */
class AgiDeadlineConformanceTest {

    private static final String DIALPLAN = """
            [t1]
            exten => _X.,1,NoOp(start)
             same => n,Set(AGIEXITONHANGUP=yes)
             same => n,Set(TIMEOUT(absolute)=4)
             same => n,AGI(agi://127.0.0.1:${EXTEN}/triage)
             same => n,Set(TIMEOUT(absolute)=0)
             same => n,Set(RESULT=after agi ${AGISTATUS})
             same => n,Goto(done,s,1)
            exten => T,1,Set(RESULT=T fired ${AGISTATUS})
             same => n,Goto(done,s,1)
            [t2]
            exten => _X.,1,NoOp(start)
             same => n,Set(TIMEOUT(absolute)=4)
             same => n,AGI(agi://127.0.0.1:${EXTEN}/triage)
             same => n,Set(RESULT=after agi ${AGISTATUS})
             same => n,Goto(done,s,1)
            exten => T,1,Set(RESULT=T fired ${AGISTATUS})
             same => n,Goto(done,s,1)
            [done]
            exten => s,1,Wait(2)
             same => n,Set(ALIVE=yes)
             same => n,Hangup()
            """;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** At the real pace: the deadline counts real time too (see Engine.setAbsoluteTimeout). */
    private SimulatedAsterisk sim() {
        return sim(1.0);
    }

    private SimulatedAsterisk sim(double timeScale) {
        SimulatedAsterisk sim = SimulatedAsterisk.builder().dialplanText(DIALPLAN).timeScale(timeScale).seed(3).start();
        open.add(sim);
        return sim;
    }

    /** Accepts FastAGI connections and never reads or writes: a node frozen before it read a byte. */
    private int frozenServer() throws IOException {
        ServerSocket server = new ServerSocket(0);
        open.add(server);
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(server.accept());
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        open.add(() -> {
            for (Socket s : held) {
                s.close();
            }
        });
        return server.getLocalPort();
    }

    /** Reads the environment, re-arms the deadline to {@code rearm} seconds, runs Wait(6), then sets a variable. */
    private int rearmingServer(String rearm, List<String> replies) throws IOException {
        ServerSocket server = new ServerSocket(0);
        open.add(server);
        Thread.ofVirtual().start(() -> {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = s.getOutputStream();
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    // environment
                }
                for (String command : List.of("SET VARIABLE TIMEOUT(absolute) " + rearm, "EXEC Wait 6", "SET VARIABLE CU_ROUTE_OK 1")) {
                    out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    String reply = in.readLine();
                    replies.add(command + " -> " + reply);
                    if (reply == null || reply.equals("HANGUP")) {
                        return;
                    }
                }
            } catch (IOException e) {
                replies.add("socket: " + e.getMessage());
            }
        });
        return server.getLocalPort();
    }

    private static CallOutcome call(SimulatedAsterisk sim, String context, int port) throws Exception {
        return sim.place(CallScript.caller("987000111").context(context).dials(Integer.toString(port)))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void frozenServerLosesTheCallToTheTExtensionWhenTheDeadlineExpiresAndTheChannelLivesOn() throws Exception {
        CallOutcome o = call(sim(), "t1", frozenServer());

        assertThat(o.variable("RESULT")).isEqualTo("T fired HANGUP");
        assertThat(o.variable("ALIVE")).isEqualTo("yes");
        // 4 s of deadline, then Wait(2) in [done]
        assertThat(o.duration()).isBetween(Duration.ofMillis(5_500), Duration.ofMillis(8_000));
    }

    @Test
    void withoutAgiExitOnHangupAFrozenServerHoldsTheCallPastTheDeadline() throws Exception {
        // Real Asterisk: for ever (the caller gave up after 30 s). The simulator closes after its hang-up grace.
        CallOutcome o = call(sim(0.1), "t2", frozenServer());

        assertThat(o.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void serverThatReArmsTheDeadlineKeepsTheCallAndTheAgiEndsNormally() throws Exception {
        List<String> replies = new CopyOnWriteArrayList<>();
        CallOutcome o = call(sim(), "t1", rearmingServer("9", replies));

        assertThat(replies).containsExactly("SET VARIABLE TIMEOUT(absolute) 9 -> 200 result=1",
                "EXEC Wait 6 -> 200 result=0", "SET VARIABLE CU_ROUTE_OK 1 -> 200 result=1");
        assertThat(o.variable("RESULT")).isEqualTo("after agi SUCCESS");
        assertThat(o.variable("ALIVE")).isEqualTo("yes");
    }

    @Test
    void deadlineThatExpiresMidCommandEndsTheCommandThenSaysHangup() throws Exception {
        List<String> replies = new CopyOnWriteArrayList<>();
        CallOutcome o = call(sim(), "t1", rearmingServer("3", replies));

        assertThat(replies).containsExactly("SET VARIABLE TIMEOUT(absolute) 3 -> 200 result=1",
                "EXEC Wait 6 -> 200 result=-1", "SET VARIABLE CU_ROUTE_OK 1 -> HANGUP");
        assertThat(o.variable("RESULT")).isEqualTo("T fired HANGUP");
        assertThat(o.variable("ALIVE")).isEqualTo("yes");
        assertThat(o.duration()).isBetween(Duration.ofMillis(4_500), Duration.ofMillis(7_500));
    }
}
