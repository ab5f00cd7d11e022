package pe.centralunica.ivr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.CallEvent;
import pe.centralunica.db.journal.CallJournal;
import pe.centralunica.db.testing.TestDatabases;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever this node does — freezes, a journal that stalls, an MSet Asterisk refuses, a stop — no caller is
 * left without a route or a way to the fallback.
 */
class NothingStrandsACallerTest {

    private static Database db;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static List<String> deadlines(ScriptedAsterisk a) {
        return a.commands().stream().filter(c -> c.contains("TIMEOUT(absolute)")).toList();
    }

    // Not the common pool: it has one thread on a 2-core machine, and these tasks block.
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void everyPromptReArmsTheDialplansDeadlineSoOnlyANodeThatStopsTalkingLosesItsCaller() throws Exception {
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            ScriptedAsterisk first = f.call(new ScriptedAsterisk("triage", "911").variable("CU_AGI_DEADLINE", "5")
                    .keys("1", ""));

            assertThat(first.variables()).containsEntry("CU_ROUTE_OK", "1");
            List<String> commands = first.commands();
            int welcome = indexOf(commands, "STREAM FILE \"cu-welcome\"");
            int typeMenu = indexOf(commands, "GET DATA \"cu-type-menu\"");
            // Before a prompt is heard in full its length is unknown: the longest prompt + the deadline (5 s);
            // a menu adds its key timeout.
            long unknown = IvrServer.LONGEST_PROMPT.toSeconds() + 5;
            assertThat(commands.get(welcome - 1)).isEqualTo("SET VARIABLE \"TIMEOUT(absolute)\" \"" + unknown + "\"");
            long keyTimeoutMs = Long.parseLong(commands.get(typeMenu).split(" ")[3]);
            assertThat(commands.get(typeMenu - 1)).isEqualTo("SET VARIABLE \"TIMEOUT(absolute)\" \""
                    + (unknown + (keyTimeoutMs + 999) / 1000) + "\"");

            // The welcome played to the end; Asterisk reported its length (endpos=3520 samples: 0.44 s), and the
            // next caller's deadline fits it: 1 s + the deadline.
            ScriptedAsterisk second = f.call(new ScriptedAsterisk("triage", "911").variable("CU_AGI_DEADLINE", "5")
                    .keys("1", ""));
            List<String> next = second.commands();
            assertThat(next.get(indexOf(next, "STREAM FILE \"cu-welcome\"") - 1))
                    .isEqualTo("SET VARIABLE \"TIMEOUT(absolute)\" \"6\"");
            assertThat(second.variables()).containsEntry("CU_ROUTE_OK", "1");
        }
    }

    @Test
    void aDialplanWithoutDeadlineGetsNoExtraCommands() throws Exception {
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            ScriptedAsterisk a = f.call(new ScriptedAsterisk("triage", "911").keys("1", ""));

            assertThat(deadlines(a)).isEmpty();
            assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1");
        }
    }

    @Test
    void anMSetThatAsteriskRefusesNeverLeadsToRouteOk() throws Exception {
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            ScriptedAsterisk a = f.call(new ScriptedAsterisk("triage", "911").keys("1", "").failingApplication("MSet"));

            assertThat(a.variables()).doesNotContainKey("CU_ROUTE_OK");
            assertThat(f.ivr.stats().fallbacks()).isEqualTo(1);
            assertThat(f.ivr.stats().routed()).isZero();
        }
    }

    @Test
    void theLastStepQueuesWithoutTimeoutSoTheCallerKeepsTheirPlace() throws Exception {
        String plan = "Q-SER-150122|QUEUE|ser-150122|20;Q-METRO|QUEUE|cic-sc|60";
        try (IvrFixture f = new IvrFixture(db, new TestRouter())) {
            ScriptedAsterisk a = f.call(new ScriptedAsterisk("route-next", "TIMEOUT")
                    .variable("CU_CALL_ID", java.util.UUID.randomUUID().toString()).variable("CU_ROUTE_STEP", "0")
                    .variable("CU_SEQ", "7").variable("CU_ROUTE_PLAN", plan));

            assertThat(a.variables()).containsEntry("CU_TARGET", "cic-sc").containsEntry("CU_ROUTE_STEP", "1")
                    .containsEntry("CU_TARGET_TIMEOUT", "").containsEntry("CU_ROUTE_OK", "1");
        }
    }

    /** A journal whose writer never returns (a dead writer thread, a disk that stopped answering). */
    private static final class StalledJournal implements CallJournal {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void append(CallEvent event) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aStalledJournalNeverHoldsACallerBack() throws Exception {
        StalledJournal journal = new StalledJournal();
        IvrServer ivr = IvrServer.start(IvrSettings.defaults().withPort(0), db.dataSource(), new TestRouter(), journal,
                FlowDefinition.fromClasspath(), Clock.systemUTC());
        try {
            long t0 = System.nanoTime();
            ScriptedAsterisk a = new ScriptedAsterisk("triage", "911").keys("1", "").run(ivr.port());
            long millis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_TARGET", "PJSIP/105@trunk-pnp");
            // Three flushes (arrival, before the route, at the end), each waiting at most 500 ms.
            assertThat(millis).isLessThan(3_000);
            assertThat(ivr.stats().journalSlowHandoffs()).isGreaterThanOrEqualTo(2);
            assertThat(ivr.stats().journalBehind()).isGreaterThanOrEqualTo(2);
        } finally {
            journal.release.countDown();
            ivr.close();
        }
    }

    @Test
    void aStopLetsTheCallerInTheIvrFinishTriageAndRefusesNewSessions() throws Exception {
        TestRouter router = new TestRouter();
        IvrFixture f = new IvrFixture(db, router);
        CountDownLatch caller = new CountDownLatch(1);
        try {
            stopWhileACallerIsInTheIvr(f, caller);
        } finally {
            caller.countDown();
            f.close();
        }
    }

    private void stopWhileACallerIsInTheIvr(IvrFixture f, CountDownLatch caller) throws Exception {
        CompletableFuture<ScriptedAsterisk> inIvr = CompletableFuture.supplyAsync(() -> {
            try {
                return f.call(new ScriptedAsterisk("triage", "911").keys("1", "").holdFirstGetDataUntil(caller));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        awaitInFlight(f.ivr, 1);

        CompletableFuture<Integer> stop = CompletableFuture.supplyAsync(() -> f.ivr.close(Duration.ofSeconds(20)), threads);
        awaitNotAccepting(f.ivr);
        assertThat(refusesConnections(f.ivr.port()))
                .as("a stopping node takes no new sessions: Asterisk's dialplan sends those callers to the fallback").isTrue();
        assertThat(stop).as("the stop waits for the caller in the IVR").isNotDone();

        caller.countDown(); // the caller answers the type menu
        ScriptedAsterisk a = inIvr.get(10, TimeUnit.SECONDS);
        assertThat(stop.get(10, TimeUnit.SECONDS)).as("sessions left running").isZero();
        assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_TYPE", "CRIME");
        assertThat(f.journal.types()).contains(pe.centralunica.db.journal.CallEventType.TRIAGED,
                pe.centralunica.db.journal.CallEventType.ROUTE_DECIDED);
    }

    @Test
    void aStopThatRunsOutOfTimeSaysHowManySessionsItLeft() throws Exception {
        IvrFixture f = new IvrFixture(db, new TestRouter());
        CountDownLatch never = new CountDownLatch(1);
        threads.execute(() -> {
            try {
                f.call(new ScriptedAsterisk("triage", "911").keys("1", "").holdFirstGetDataUntil(never));
            } catch (IOException e) {
                // the session is left behind on purpose
            }
        });
        awaitInFlight(f.ivr, 1);
        try {
            long t0 = System.nanoTime();
            assertThat(f.ivr.close(Duration.ofMillis(300))).isEqualTo(1);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(3_000);
        } finally {
            never.countDown();
        }
    }

    private static void awaitInFlight(IvrServer ivr, int sessions) throws InterruptedException {
        for (int i = 0; i < 500 && ivr.sessionsInFlight() < sessions; i++) {
            Thread.sleep(10);
        }
        assertThat(ivr.sessionsInFlight()).isEqualTo(sessions);
    }

    private static void awaitNotAccepting(IvrServer ivr) throws InterruptedException {
        for (int i = 0; i < 500 && ivr.accepting(); i++) {
            Thread.sleep(10);
        }
        assertThat(ivr.accepting()).isFalse();
    }

    /** True once a connection to the port is refused (the listening socket closes just after the stop begins). */
    private static boolean refusesConnections(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (IOException refused) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static int indexOf(List<String> commands, String prefix) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no command starting with " + prefix + " in " + commands);
    }
}
