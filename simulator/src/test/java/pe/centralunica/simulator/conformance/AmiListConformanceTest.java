package pe.centralunica.simulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static pe.centralunica.simulator.conformance.RawAmiClient.get;
import static pe.centralunica.simulator.conformance.RawAmiClient.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.MemberSpec;
import pe.centralunica.simulator.QueueSpec;
import pe.centralunica.simulator.SimulatedAsterisk;

/**
 * Queue, channel and Originate actions against transcripts ami/05, 05b, 07 and 08: responses word for word
 * where the transcript's values are not run-specific, and every list/async event with the field list of a
 * real one.
 */
class AmiListConformanceTest {
    private static final List<List<Map.Entry<String, String>>> REAL = new ArrayList<>();

    static {
        for (String f : List.of("05-actions-queue.txt", "05b-actions-queue-members.txt", "07-actions-originate.txt",
                "08-actions-live-call.txt", "04-actions-basic.txt")) {
            REAL.addAll(Transcript.load("ami/" + f).asteriskMessages());
        }
    }

    private static void assertLikeARealOne(List<Map.Entry<String, String>> event) {
        String name = get(event, "Event");
        List<List<String>> candidates = REAL.stream().filter(m -> name.equals(get(m, "Event"))).map(RawAmiClient::keys)
                .distinct().toList();
        assertThat(candidates).as("a real %s in the transcripts", name).isNotEmpty();
        assertThat(candidates).as("field list of %s", name).contains(keys(event));
    }

    /** Reads the response to an event-list action and its list events, up to the *Complete event. */
    private static List<List<Map.Entry<String, String>>> list(RawAmiClient c, String id) throws Exception {
        List<List<Map.Entry<String, String>>> out = new ArrayList<>();
        while (true) {
            var m = c.next();
            if (!id.equals(get(m, "ActionID"))) continue; // bus events of the call
            out.add(m);
            if ("Complete".equals(get(m, "EventList"))) return out;
        }
    }

    private static List<Map.Entry<String, String>> response(RawAmiClient c, String id) throws Exception {
        while (true) {
            var m = c.next();
            if (id.equals(get(m, "ActionID")) && get(m, "Response") != null) return m;
        }
    }

    @Test
    void queueListsAndMemberActionsAnswerAsTranscripts05And05b() throws Exception {
        try (SimulatedAsterisk s = AmiConformanceTest.sim()
                .queue(QueueSpec.named("district-noanswer").ringAll().member(MemberSpec.named("Local/noanswer@agents/n")
                        .memberName("Agent NoAnswer").neverAnswers()))
                .start();
             RawAmiClient c = new RawAmiClient(s.amiPort())) {
            c.send("Action: Login", "ActionID: login-1", "Username: emergency", "Secret: emergency-secret", "Events: off");
            response(c, "login-1");
            s.place(CallScript.caller("600300").named("Waiting Caller").channel("Local/long@sim").context("emergency")
                    .dials("151").hangsUpAfter(Duration.ofSeconds(60)));
            pe.centralunica.simulator.AwaitCondition.until("a caller waits", () -> s.queue("district-noanswer").waiting() == 1);

            c.send("Action: QueueSummary", "ActionID: qsum-all");
            var sum = list(c, "qsum-all");
            assertThat(sum.getFirst()).containsExactly(Map.entry("Response", "Success"), Map.entry("ActionID", "qsum-all"),
                    Map.entry("EventList", "start"), Map.entry("Message", "Queue summary will follow"));
            sum.subList(1, sum.size()).forEach(AmiListConformanceTest::assertLikeARealOne);
            assertThat(get(sum.getLast(), "ListItems")).isEqualTo("2");

            c.send("Action: QueueStatus", "ActionID: qstat-all");
            var status = list(c, "qstat-all");
            assertThat(get(status.getFirst(), "Message")).isEqualTo("Queue status will follow");
            status.subList(1, status.size()).forEach(AmiListConformanceTest::assertLikeARealOne);
            assertThat(status.stream().map(m -> get(m, "Event")).toList())
                    .containsSubsequence("QueueParams", "QueueMember", "QueueParams", "QueueMember", "QueueEntry", "QueueStatusComplete");
            var entry = status.stream().filter(m -> "QueueEntry".equals(get(m, "Event"))).findFirst().orElseThrow();
            assertThat(get(entry, "CallerIDName")).isEqualTo("Waiting Caller");
            assertThat(get(entry, "Channel")).matches("Local/long@sim-[0-9a-f]{8};1");

            c.send("Action: QueueStatus", "ActionID: qstat-none", "Queue: no-such-queue");
            var none = list(c, "qstat-none");
            assertThat(none.getLast()).containsExactly(Map.entry("Event", "QueueStatusComplete"),
                    Map.entry("ActionID", "qstat-none"), Map.entry("EventList", "Complete"), Map.entry("ListItems", "0"));

            String[][] memberActions = {
                    {"qadd-1", "Action: QueueAdd", "Queue: district-150122", "Interface: Local/agent2@agents/n",
                            "Penalty: 0", "Paused: false", "MemberName: Agent Two"},
                    {"qadd-dup", "Action: QueueAdd", "Queue: district-150122", "Interface: Local/agent2@agents/n"},
                    {"qadd-noqueue", "Action: QueueAdd", "Queue: no-such-queue", "Interface: Local/agent2@agents/n"},
                    {"qpause-1", "Action: QueuePause", "Queue: district-150122", "Interface: Local/agent2@agents/n",
                            "Paused: true", "Reason: break"},
                    {"qunpause-1", "Action: QueuePause", "Queue: district-150122", "Interface: Local/agent2@agents/n",
                            "Paused: false"},
                    {"qremove-1", "Action: QueueRemove", "Queue: district-150122", "Interface: Local/agent2@agents/n"},
                    {"qremove-again", "Action: QueueRemove", "Queue: district-150122", "Interface: Local/agent2@agents/n"}};
            for (String[] a : memberActions) {
                List<String> lines = new ArrayList<>(List.of(a).subList(1, a.length));
                lines.add(1, "ActionID: " + a[0]);
                c.send(lines.toArray(String[]::new));
                var got = response(c, a[0]);
                var real = REAL.stream().filter(m -> a[0].equals(get(m, "ActionID")) && get(m, "Response") != null)
                        .findFirst().orElseThrow();
                assertThat(got).as(a[0]).isEqualTo(real);
            }

            c.send("Action: Hangup", "ActionID: hangup-waiting", "Channel: /^Local\\/long@sim-.*;2$/");
            var hung = list(c, "hangup-waiting");
            assertThat(hung.getFirst()).containsExactly(Map.entry("Response", "Success"),
                    Map.entry("ActionID", "hangup-waiting"), Map.entry("EventList", "start"),
                    Map.entry("Message", "Channels hung up will follow"));
            assertThat(keys(hung.get(1))).containsExactly("Event", "Channel", "ActionID");
            assertThat(hung.getLast()).contains(Map.entry("Event", "ChannelsHungupListComplete"), Map.entry("ListItems", "1"));
        }
    }

    @Test
    void originateAndLiveCallActionsAnswerAsTranscripts07And08() throws Exception {
        try (SimulatedAsterisk s = AmiConformanceTest.sim().start(); RawAmiClient c = new RawAmiClient(s.amiPort())) {
            c.send("Action: Login", "ActionID: login-1", "Username: emergency", "Secret: emergency-secret");
            response(c, "login-1");
            c.send("Action: Originate", "ActionID: orig-async", "Channel: Local/long@sim", "Context: emergency",
                    "Exten: hold", "Priority: 1", "CallerID: \"Async Caller\" <600402>", "Timeout: 10000", "Async: true",
                    "Variable: INCIDENT_ID=INC-0042", "ChannelId: cu-incident-0042");
            assertThat(response(c, "orig-async")).containsExactly(Map.entry("Response", "Success"),
                    Map.entry("ActionID", "orig-async"), Map.entry("Message", "Originate successfully queued"));
            List<Map.Entry<String, String>> resp;
            do {
                resp = c.next();
            } while (!"OriginateResponse".equals(get(resp, "Event")));
            assertLikeARealOne(resp);
            assertThat(get(resp, "Reason")).isEqualTo("4");
            assertThat(get(resp, "Uniqueid")).isEqualTo("cu-incident-0042");
            String channel = get(resp, "Channel");

            c.send("Action: CoreShowChannels", "ActionID: csc-1");
            var channels = list(c, "csc-1");
            assertThat(get(channels.getFirst(), "Message")).isEqualTo("Channels will follow");
            channels.subList(1, channels.size()).forEach(AmiListConformanceTest::assertLikeARealOne);
            assertThat(channels.stream().map(m -> get(m, "Uniqueid")).toList()).contains("cu-incident-0042", "cu-incident-0042;2");

            c.send("Action: Status", "ActionID: status-1");
            var st = list(c, "status-1");
            assertThat(get(st.getFirst(), "Message")).isEqualTo("Channel status will follow");
            st.subList(1, st.size()).forEach(AmiListConformanceTest::assertLikeARealOne);
            assertThat(get(st.getLast(), "Items")).isEqualTo(get(st.getLast(), "ListItems"));

            c.send("Action: GetVar", "ActionID: getvar-1", "Channel: " + channel, "Variable: INCIDENT_ID");
            assertThat(response(c, "getvar-1")).containsExactly(Map.entry("Response", "Success"),
                    Map.entry("ActionID", "getvar-1"), Map.entry("Variable", "INCIDENT_ID"), Map.entry("Value", "INC-0042"));
            c.send("Action: GetVar", "ActionID: getvar-3", "Channel: " + channel, "Variable: CALLERID(num)");
            assertThat(get(response(c, "getvar-3"), "Value")).isEqualTo("600402");
            c.send("Action: Redirect", "ActionID: redirect-1", "Channel: " + channel, "Context: emergency",
                    "Exten: redirected", "Priority: 1");
            assertThat(response(c, "redirect-1")).contains(Map.entry("Message", "Redirect successful"));
            c.send("Action: Hangup", "ActionID: hangup-1", "Channel: " + channel, "Cause: 16");
            assertThat(response(c, "hangup-1")).contains(Map.entry("Message", "Channel Hungup"));

            c.send("Action: Originate", "ActionID: orig-async-fail", "Channel: Local/nosuchexten@sim",
                    "Context: emergency", "Exten: hold", "Priority: 1", "Timeout: 5000", "Async: true");
            response(c, "orig-async-fail");
            do {
                resp = c.next();
            } while (!"OriginateResponse".equals(get(resp, "Event")));
            var real = REAL.stream().filter(m -> "orig-async-fail".equals(get(m, "ActionID"))
                    && "OriginateResponse".equals(get(m, "Event"))).findFirst().orElseThrow();
            for (int i = 0; i < real.size(); i++) {
                if (!real.get(i).getKey().equals("Timestamp")) assertThat(resp.get(i)).isEqualTo(real.get(i));
            }
            c.send("Action: Originate", "ActionID: orig-sync-fail", "Channel: Local/nosuchexten@sim",
                    "Context: emergency", "Exten: hold", "Priority: 1", "Timeout: 5000");
            assertThat(response(c, "orig-sync-fail")).containsExactly(Map.entry("Response", "Error"),
                    Map.entry("ActionID", "orig-sync-fail"), Map.entry("Message", "Originate failed"));
        }
    }

    @Test
    void memberChangesProduceTheQueueMemberEventsOfTranscript05b() throws Exception {
        try (SimulatedAsterisk s = AmiConformanceTest.sim().start(); RawAmiClient c = new RawAmiClient(s.amiPort())) {
            c.send("Action: Login", "ActionID: login-1", "Username: emergency", "Secret: emergency-secret");
            response(c, "login-1");
            c.send("Action: QueueAdd", "ActionID: a", "Queue: district-150122", "Interface: Local/agent2@agents/n",
                    "MemberName: Agent Two");
            c.send("Action: QueuePause", "ActionID: p", "Queue: district-150122", "Interface: Local/agent2@agents/n",
                    "Paused: true", "Reason: break");
            c.send("Action: QueueRemove", "ActionID: r", "Queue: district-150122", "Interface: Local/agent2@agents/n");
            List<String> seen = new ArrayList<>();
            while (!seen.contains("QueueMemberRemoved")) {
                var m = c.next();
                String name = get(m, "Event");
                if (name == null || !name.startsWith("QueueMember")) continue;
                assertLikeARealOne(m);
                seen.add(name);
                if (name.equals("QueueMemberPause")) {
                    assertThat(get(m, "Paused")).isEqualTo("1");
                    assertThat(get(m, "PausedReason")).isEqualTo("break");
                    assertThat(get(m, "Membership")).isEqualTo("dynamic");
                }
            }
            assertThat(seen).containsExactly("QueueMemberAdded", "QueueMemberPause", "QueueMemberRemoved");
        }
    }
}
