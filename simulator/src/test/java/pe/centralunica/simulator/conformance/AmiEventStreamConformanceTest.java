package pe.centralunica.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.simulator.conformance.RawAmiClient.get;
import static pe.centralunica.simulator.conformance.RawAmiClient.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

/**
 * The events of one call, as the simulator emits them, against the uncut event streams of ami/02 (IVR, queue,
 * agent answers) and ami/03 (caller abandons the queue): every event must have the field list, in order, of a
 * real event of the same name; ids and names must have Asterisk's formats.
 */
class AmiEventStreamConformanceTest {
    private static final List<List<Map.Entry<String, String>>> REAL = new ArrayList<>();

    static {
        REAL.addAll(Transcript.load("ami/02-call-lifecycle.txt").asteriskMessages());
        REAL.addAll(Transcript.load("ami/03-queue-abandon.txt").asteriskMessages());
    }

    private static void assertMatchesSomeRealEvent(List<Map.Entry<String, String>> event) {
        String name = get(event, "Event");
        List<List<String>> candidates = REAL.stream().filter(m -> name.equals(get(m, "Event")))
                .map(RawAmiClient::keys).distinct().toList();
        assertThat(candidates).as("a real %s event exists in the transcripts", name).isNotEmpty();
        assertThat(candidates).as("field list of %s", name).contains(keys(event));
    }

    private static List<List<Map.Entry<String, String>>> eventsOfCall(RawAmiClient c, String linkedid) throws Exception {
        List<List<Map.Entry<String, String>>> out = new ArrayList<>();
        while (true) {
            var m = c.next();
            if (m == RawAmiClient.EOF) break;
            if (get(m, "Event") == null || Set.of("FullyBooted", "SuccessfulAuth").contains(get(m, "Event"))) continue;
            String lid = get(m, "Linkedid");
            if (lid == null) lid = get(m, "DestLinkedid");
            if (lid == null || lid.equals(linkedid)) out.add(m);
            if ("Hangup".equals(get(m, "Event")) && get(m, "Channel").endsWith(";2")) break;
        }
        return out;
    }

    private static RawAmiClient login(SimulatedAsterisk s) throws Exception {
        RawAmiClient c = new RawAmiClient(s.amiPort());
        c.send("Action: Login", "ActionID: login-1", "Username: emergency", "Secret: emergency-secret");
        assertThat(get(c.nextResponse(), "Response")).isEqualTo("Success");
        return c;
    }

    @Test
    void queuedCallAnsweredByAnAgentHasTheEventsOfTranscript02() throws Exception {
        try (var agi = new pe.centralunica.simulator.conformance.ConformanceIvrServer();
             SimulatedAsterisk s = AmiConformanceTest.sim().agiServer("127.0.0.1", agi.port()).start();
             RawAmiClient c = login(s)) {
            CallOutcome o = s.place(CallScript.caller("600100").named("Sim Caller").channel("Local/caller@sim")
                    .context("emergency").dials("150").pressesAfter(Duration.ofMillis(1100), "1")
                    .hangsUpAfter(Duration.ofSeconds(300))).get(30, TimeUnit.SECONDS);
            var events = eventsOfCall(c, o.linkedid());
            for (var e : events) assertMatchesSomeRealEvent(e);

            Set<String> names = events.stream().map(e -> get(e, "Event")).collect(Collectors.toCollection(LinkedHashSet::new));
            assertThat(names).contains("Newchannel", "Newexten", "VarSet", "AGIExecStart", "AGIExecEnd", "DTMFBegin",
                    "DTMFEnd", "QueueCallerJoin", "AgentCalled", "DialBegin", "DialEnd", "QueueCallerLeave",
                    "AgentConnect", "BridgeCreate", "BridgeEnter", "AgentComplete", "BridgeLeave", "BridgeDestroy",
                    "Newstate", "Hangup");
            // order as in 02: QueueCallerLeave before AgentConnect; AgentComplete before the agent's Hangup
            List<String> order = events.stream().map(e -> get(e, "Event")).toList();
            assertThat(order.indexOf("QueueCallerJoin")).isLessThan(order.indexOf("AgentCalled"));
            assertThat(order.indexOf("QueueCallerLeave")).isLessThan(order.indexOf("AgentConnect"));
            assertThat(order.indexOf("AgentConnect")).isLessThan(order.indexOf("AgentComplete"));
            assertThat(order.indexOf("MusicOnHoldStart")).isLessThan(order.indexOf("MusicOnHoldStop"));
            assertThat(order.indexOf("MusicOnHoldStop")).isLessThan(order.indexOf("QueueCallerLeave"));
            assertThat(order.indexOf("AgentComplete")).isLessThan(order.indexOf("BridgeLeave"));
            assertThat(order.lastIndexOf("BridgeLeave")).isLessThan(order.indexOf("BridgeDestroy"));

            // ids: Local ;1/;2 pair with consecutive uniqueids, linkedid of ;1 inherited by the agent's channel
            var first = events.getFirst();
            assertThat(get(first, "Event")).isEqualTo("Newchannel");
            assertThat(get(first, "Channel")).matches("Local/caller@sim-[0-9a-f]{8};1");
            assertThat(get(first, "Uniqueid")).matches("\\d{10}\\.\\d+").isEqualTo(get(first, "Linkedid"));
            var second = events.get(1);
            assertThat(get(second, "Channel")).isEqualTo(get(first, "Channel").replace(";1", ";2"));
            long u1 = Long.parseLong(get(first, "Uniqueid").split("\\.")[1]);
            assertThat(get(second, "Uniqueid")).endsWith("." + (u1 + 1));
            var called = events.stream().filter(e -> "AgentCalled".equals(get(e, "Event"))).findFirst().orElseThrow();
            assertThat(get(called, "DestChannel")).matches("Local/agent1@agents-[0-9a-f]{8};1");
            assertThat(get(called, "DestLinkedid")).isEqualTo(o.linkedid());
            assertThat(get(called, "Interface")).isEqualTo("Local/agent1@agents/n");
            assertThat(get(called, "MemberName")).isEqualTo("Agent One");
            var complete = events.stream().filter(e -> "AgentComplete".equals(get(e, "Event"))).findFirst().orElseThrow();
            assertThat(get(complete, "Reason")).isEqualTo("agent");
            var agiEnd = events.stream().filter(e -> "AGIExecEnd".equals(get(e, "Event"))).findFirst().orElseThrow();
            assertThat(get(agiEnd, "ResultCode")).isEqualTo("200");
            assertThat(get(agiEnd, "Result")).isEqualTo("Success");
            var hangup = events.stream().filter(e -> "Hangup".equals(get(e, "Event"))).findFirst().orElseThrow();
            assertThat(get(hangup, "Cause")).isEqualTo("16");
            assertThat(get(hangup, "Cause-txt")).isEqualTo("Normal Clearing");
            for (var e : events) assertThat(get(e, "Timestamp")).matches("\\d{10}\\.\\d{6}");
            assertThat(c.framingErrors).isEmpty();
        }
    }

    @Test
    void callerWhoGivesUpInTheQueueProducesQueueCallerAbandonAsTranscript03() throws Exception {
        try (SimulatedAsterisk s = AmiConformanceTest.sim()
                .queue(QueueSpec.named("district-noanswer").ringAll().member(MemberSpec.named("Local/noanswer@agents/n")
                        .memberName("Agent NoAnswer").neverAnswers()))
                .start();
             RawAmiClient c = login(s)) {
            CallOutcome o = s.place(CallScript.caller("600100").named("Sim Caller").channel("Local/abandon@sim")
                    .context("emergency").dials("151").hangsUpAfter(Duration.ofSeconds(6))).get(30, TimeUnit.SECONDS);
            var events = eventsOfCall(c, o.linkedid());
            for (var e : events) assertMatchesSomeRealEvent(e);
            var abandon = events.stream().filter(e -> "QueueCallerAbandon".equals(get(e, "Event"))).findFirst().orElseThrow();
            assertThat(get(abandon, "Queue")).isEqualTo("district-noanswer");
            assertThat(get(abandon, "Position")).isEqualTo("1");
            assertThat(get(abandon, "OriginalPosition")).isEqualTo("1");
            assertThat(Integer.parseInt(get(abandon, "HoldTime"))).isBetween(0, 6); // seconds, at most the caller's patience
            assertThat(events.stream().map(e -> get(e, "Event")).toList()).doesNotContain("AgentConnect");
            // quirks of 03: the CANCEL DialEnd comes twice; ABANDONED=TRUE is set before QueueCallerAbandon
            assertThat(events.stream().filter(e -> "DialEnd".equals(get(e, "Event")) && "CANCEL".equals(get(e, "DialStatus"))))
                    .hasSize(2);
            assertThat(events.stream().anyMatch(e -> "VarSet".equals(get(e, "Event")) && "ABANDONED".equals(get(e, "Variable"))
                    && "TRUE".equals(get(e, "Value")))).isTrue();
        }
    }
}
