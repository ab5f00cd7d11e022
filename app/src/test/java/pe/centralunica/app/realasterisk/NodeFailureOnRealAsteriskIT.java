package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.action.QueueStatusAction;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueEntryEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.ResponseEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged node in its own process, behind a real Asterisk 20 running the generated dialplan: frozen
 * (SIGSTOP), killed (SIGKILL) or stopped (SIGTERM) with callers inside its IVR and callers arriving. Times are
 * read from AMI QueueCallerJoin timestamps (Asterisk's clock, this machine's) and printed as "real-asterisk: …".
 */
@EnabledWithRealAsterisk
class NodeFailureOnRealAsteriskIT {

    /** The bound: every caller in a queue within this long of the node's failure. */
    private static final double FAILURE_TO_QUEUE_BUDGET = 10.0;

    /** Launches the node as its own process, logging under target/real-asterisk/, and remembers its environment. */
    private static RealCallPath.NodeLauncher asProcess(Path dir, AtomicReference<Map<String, String>> envSeen) {
        return env -> {
            envSeen.set(env);
            return NodeProcess.start(env, logOf(dir.getFileName().toString()));
        };
    }

    private static Path logOf(String name) throws java.io.IOException {
        Path logs = Path.of("target", "real-asterisk").toAbsolutePath();
        java.nio.file.Files.createDirectories(logs);
        return logs.resolve("node-" + name + "-" + System.currentTimeMillis() + ".log");
    }

    private static ScriptedCaller silent(String callerId) {
        return ScriptedCaller.dialling("911", callerId);
    }

    /** Asterisk's timestamp of the caller joining a queue (waits up to 40 s); the caller is then hung up. */
    private static QueueCallerJoinEvent joined(RealCallPath path, ScriptedCaller caller) throws Exception {
        Optional<QueueCallerJoinEvent> join = path.ami().await(QueueCallerJoinEvent.class,
                e -> caller.callerId().equals(e.getCallerIdNum()), Duration.ofSeconds(40));
        assertThat(join).as("caller %s joined a queue within 40 s (see %s)", caller.callerId(), path.asterisk().log()).isPresent();
        return join.get();
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    @Test
    void aFrozenNodeLosesEveryCallerInItsIvrAndEveryCallerArrivingToAQueueWithinTenSeconds(@TempDir Path dir) throws Exception {
        failureSendsEveryoneToAQueue(dir, "STOP", "98910");
    }

    @Test
    void aKilledNodeLosesEveryCallerInItsIvrAndEveryCallerArrivingToAQueueWithinTenSeconds(@TempDir Path dir) throws Exception {
        failureSendsEveryoneToAQueue(dir, "KILL", "98920");
    }

    private void failureSendsEveryoneToAQueue(Path dir, String signal, String callerPrefix) throws Exception {
        AtomicReference<Map<String, String>> env = new AtomicReference<>();
        try (RealCallPath path = RealCallPath.start("node-" + signal.toLowerCase(), RealCallPath.SqlSeed.none(), Map.of(),
                asProcess(dir, env))) {
            NodeProcess node = (NodeProcess) path.nodeUnderTest();
            // A first caller who presses nothing hears every prompt of that path once: the node learns how long
            // each plays, and re-arms Asterisk's deadline to fit them from then on.
            ScriptedCaller warmUp = silent(callerPrefix + "000");
            path.place(warmUp);
            path.hangUp(joined(path, warmUp).getChannel());

            List<ScriptedCaller> inIvr = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                inIvr.add(silent(callerPrefix + "00" + i));
            }
            for (ScriptedCaller c : inIvr) {
                path.place(c);
                Thread.sleep(700); // spread over the welcome and the menu
            }
            Thread.sleep(1_000);
            node.signal(signal);
            double failedAt = now();
            List<ScriptedCaller> arriving = List.of(silent(callerPrefix + "101"), silent(callerPrefix + "102"));
            for (ScriptedCaller c : arriving) {
                path.place(c);
            }

            List<ScriptedCaller> everyone = new ArrayList<>(inIvr);
            everyone.addAll(arriving);
            for (ScriptedCaller c : everyone) {
                QueueCallerJoinEvent j = joined(path, c);
                double afterFailure = j.getTimestamp() - failedAt;
                System.out.printf("real-asterisk: node SIG%s, caller %s (%s) in queue %s %.2f s after the failure%n", signal,
                        c.callerId(), inIvr.contains(c) ? "in the IVR" : "arriving", j.getQueue(), afterFailure);
                assertThat(afterFailure).as("caller %s", c.callerId()).isLessThanOrEqualTo(FAILURE_TO_QUEUE_BUDGET);
                assertThat(j.getQueue()).as("the dialplan's fallback: the metropolitan centre").isEqualTo("cic-sc");
                path.hangUp(j.getChannel());
            }
        }
    }

    @Test
    void aStoppedNodeLetsEveryCallerInItsIvrFinishTriageAndLosesNoRecord(@TempDir Path dir) throws Exception {
        AtomicReference<Map<String, String>> env = new AtomicReference<>();
        try (RealCallPath path = RealCallPath.start("node-term", RealCallPath.SqlSeed.none(), Map.of(), asProcess(dir, env))) {
            NodeProcess node = (NodeProcess) path.nodeUnderTest();
            // Each presses a type key during the welcome, then Miraflores' code (22) during the district prompt.
            List<ScriptedCaller> callers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                callers.add(ScriptedCaller.dialling("911", "9893000" + i).pressesAfter(1.5, Integer.toString(i)).pressesAfter(1.0, "22"));
            }
            for (ScriptedCaller c : callers) {
                path.place(c);
            }
            Thread.sleep(1_000);
            node.signal("TERM");
            List<String> waiting = new ArrayList<>();
            for (ScriptedCaller c : callers) {
                QueueCallerJoinEvent j = joined(path, c);
                System.out.printf("real-asterisk: node SIGTERM, caller %s in the IVR finished triage -> queue %s%n", c.callerId(), j.getQueue());
                assertThat(j.getQueue()).as("routed by triage, not the untriaged fallback").isNotEqualTo("cic-sc");
                waiting.add(j.getChannel());
            }
            // 143 = 128 + SIGTERM: how a JVM that ran its shutdown hooks reports a stop by signal (-1: still running).
            assertThat(node.awaitExit(60)).as("the node stopped by itself:\n%s", node.log()).isEqualTo(143);
            assertThat(node.log()).doesNotContain("RECORDS ARE BEING LOST").doesNotContain("CALL JOURNAL TOO SLOW");

            // The same node restarted on the same spool while the callers still wait in their queues; they hang
            // up after it is back: every call's record is complete.
            try (NodeProcess restarted = NodeProcess.start(env.get(), logOf("restarted"))) {
                Thread.sleep(2_000);
                for (String channel : waiting) {
                    path.hangUp(channel);
                }
                for (ScriptedCaller c : callers) {
                    assertThat(path.record("emergency_type_code || ' ' || district_ubigeo || ' ' || district_source"
                            + " || ' ' || (routed_at IS NOT NULL)", c.callerId()))
                            .as("record of %s", c.callerId()).endsWith(" 150122 DTMF true");
                    assertThat(path.record("ended_at", c.callerId())).as("the hang-up is recorded").isNotNull();
                }
            }
        }
    }

    @Test
    void aCallerWhoWaitedLongestStaysFirstAtTheQueueAcrossTheLastStepsTimeout(@TempDir Path dir) throws Exception {
        // The metropolitan centre rings for 5 s per step: before, each caller re-joined its queue at the back
        // every 5 s (route-next picked the last step again).
        RealCallPath.SqlSeed shortMetroStep = c -> {
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE route_target SET ring_timeout_s = 5 WHERE code = 'Q-METRO'");
                st.execute("UPDATE routing_rule_target SET ring_timeout_s = 5 WHERE target_code = 'Q-METRO' AND ring_timeout_s IS NOT NULL");
            }
        };
        try (RealCallPath path = RealCallPath.start("place-in-line", shortMetroStep, Map.of())) {
            // Silent callers go to the metropolitan centre; the first arrives 3 s before the second.
            ScriptedCaller first = silent("98940001");
            ScriptedCaller second = silent("98940002");
            path.place(first);
            Thread.sleep(3_000);
            path.place(second);
            QueueCallerJoinEvent a = joined(path, first);
            QueueCallerJoinEvent b = joined(path, second);
            assertThat(a.getQueue()).isEqualTo(b.getQueue());
            Thread.sleep(12_000); // more than two 5 s steps

            ResponseEvents status = path.ami().connection().sendEventGeneratingAction(new QueueStatusAction(), 10_000);
            List<String> order = new ArrayList<>();
            for (ResponseEvent e : status.getEvents()) {
                if (e instanceof QueueEntryEvent q && a.getQueue().equals(q.getQueue())) {
                    order.add(q.getPosition() + ":" + q.getCallerIdNum());
                }
            }
            System.out.printf("real-asterisk: queue %s after 12 s: %s%n", a.getQueue(), order);
            assertThat(order).containsExactly("1:" + first.callerId(), "2:" + second.callerId());
            assertThat(path.ami().of(QueueCallerJoinEvent.class, e -> first.callerId().equals(e.getCallerIdNum())))
                    .as("the first caller joined once and stayed").hasSize(1);
        }
    }
}
