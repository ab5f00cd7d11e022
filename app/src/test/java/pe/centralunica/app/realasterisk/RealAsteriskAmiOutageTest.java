package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.SetVarAction;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.junit.jupiter.api.Test;
import pe.centralunica.app.Node;
import pe.centralunica.app.callpath.CuttableProxy;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.router.live.AmiCallTracker;
import pe.centralunica.router.live.AmiLinkStatus;
import pe.centralunica.router.live.LiveCall;
import pe.centralunica.sipconfig.asterisk.AsteriskConfigGenerator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The AMI link cut, then black-holed, on a real Asterisk 20 while callers wait and talk in a staffed queue, and the
 * records still say what Asterisk did. The node's AMI session goes through a proxy that refuses and breaks
 * connections ({@code cut}) or holds every byte while keeping them open ({@code stall}: a half-open link, only
 * silence shows it). The test watches Asterisk over its own, direct AMI session — the truth: who joined, which
 * dispatcher answered, when each caller's channel hung up — and compares every call's record with it. Dispatchers
 * are scripted Local channels that pick up the caller the test names, when it says so.
 */
@EnabledWithRealAsterisk
class RealAsteriskAmiOutageTest {

    private static final String PICKUP = "CU_TEST_PICKUP";
    /** The bar: the node's live queue matches Asterisk's channels within 3 s of the link's return. */
    private static final double LIVE_MATCH_SECONDS = 3.0;

    private final List<CuttableProxy> proxies = new ArrayList<>();
    private RealCallPath path;
    private int nextCaller = 1;

    private RealCallPath start() throws Exception {
        return RealCallPath.start("amigap", RealCallPath.SqlSeed.none(), Map.of(), false, files -> {
            // Every queue's scripted member (and the ones the test adds) rings until the test lets dispatchers pick up.
            String ext = files.get(AsteriskConfigGenerator.EXTENSIONS);
            String ringing = """
                    exten => ring,1,Ringing()
                     same => n,Wait(600)
                     same => n,Hangup()
                    """;
            assertThat(ext).contains(ringing);
            // (A Local member's device state needs its exact extension: no pattern.)
            files.put(AsteriskConfigGenerator.EXTENSIONS, ext.replace(ringing, """
                    exten => ring,1,Goto(cu-test-pickup,s,1)
                    exten => ring2,1,Goto(cu-test-pickup,s,1)
                    exten => ring3,1,Goto(cu-test-pickup,s,1)
                    exten => ring4,1,Goto(cu-test-pickup,s,1)
                    """) + """

                    [cu-test-pickup]
                    exten => s,1,Ringing()
                     same => n(wait),GotoIf($["${GLOBAL(%s_${CALLERID(num)})}" = "1"]?pickup)
                     same => n,Wait(0.2)
                     same => n,Goto(wait)
                     same => n(pickup),Answer()
                     same => n,Wait(600)
                     same => n,Hangup()
                    """.formatted(PICKUP));
        }, env -> {
            CuttableProxy proxy = new CuttableProxy("127.0.0.1", Integer.parseInt(env.get("CU_AMI_PORT")));
            proxies.add(proxy);
            Map<String, String> viaProxy = new HashMap<>(env);
            viaProxy.put("CU_AMI_PORT", Integer.toString(proxy.port()));
            return Node.start(AppSettings.from(new Environment(viaProxy), true), false);
        });
    }

    @Test
    void callsQueuedAndTalkingThroughACutAndABlackHoleKeepTheirTrueOutcomeDispatcherStepsAndEnd() throws Exception {
        long began = System.nanoTime();
        path = start();
        try (CuttableProxy proxy = proxies.getFirst()) {
            AmiCallTracker tracker = (AmiCallTracker) path.node().live();
            await("the node's AMI session", 20, tracker::connected);
            // Two callers answered while the link is up: they talk through both outages.
            List<QueueCallerJoinEvent> talkers = placeAndQueue(2);
            String queue = talkers.getFirst().getQueue();
            for (int i = 2; i <= 4; i++) {
                QueueAddAction add = new QueueAddAction(queue, "Local/ring" + i + "@cu-test-agents/n");
                add.setMemberName("dispatcher-" + i);
                path.ami().connection().sendAction(add, 10_000);
            }
            pickUp(talkers, true);
            awaitAnswered(talkers);
            pickUp(talkers, false);
            // Three more wait in the queue, their dispatchers' phones ringing. Taken in queue order, not the order
            // they were placed (each one's IVR takes its own time): the free phones ring the caller in front first.
            List<QueueCallerJoinEvent> waiting = placeAndQueue(3).stream()
                    .sorted(Comparator.comparing(QueueCallerJoinEvent::getPosition)).toList();

            // Outage 1: the link cut (connections refused and broken) for 6 s.
            proxy.cut();
            double cutAt = asteriskNow();
            await("the node notices the cut", 5, () -> !tracker.connected());
            pickUp(List.of(waiting.getFirst()), true);
            awaitAnswered(List.of(waiting.getFirst())); // answered while the node cannot see it
            pickUp(List.of(waiting.getFirst()), false);
            hangUp(talkers.getFirst().getChannel()); // a talking caller hangs up unseen
            hangUp(waiting.get(1).getChannel());     // a waiting caller gives up unseen
            Thread.sleep(Math.max(0, 6_000 - (long) ((asteriskNow() - cutAt) * 1000)));
            proxy.restore();
            double liveMatch1 = awaitLiveMatchesAsterisk(tracker);

            // Outage 2: the link black-holed — open, silent — for 10 s.
            AmiLinkStatus before = tracker.linkStatus();
            proxy.stall();
            long stalledAt = System.nanoTime();
            List<ScriptedCaller> late = place(1); // arrives, is triaged and queued while the node cannot see
            await("the node notices the black hole", 10, () -> !tracker.connected());
            double detection = (System.nanoTime() - stalledAt) / 1e9;
            pickUp(List.of(waiting.get(2)), true);
            awaitAnswered(List.of(waiting.get(2)));
            pickUp(List.of(waiting.get(2)), false);
            hangUp(waiting.getFirst().getChannel()); // answered in outage 1, ends in outage 2
            QueueCallerJoinEvent lateJoin = queued(late).getFirst();
            boolean lateJoinedInTheGap = (System.nanoTime() - stalledAt) < 10_000_000_000L;
            Thread.sleep(Math.max(0, 10_000 - (System.nanoTime() - stalledAt) / 1_000_000));
            proxy.resume();
            double liveMatch2 = awaitLiveMatchesAsterisk(tracker);
            AmiLinkStatus after = tracker.linkStatus();

            // Back to normal: everyone left hangs up with the link up.
            for (QueueCallerJoinEvent j : List.of(talkers.get(1), waiting.get(2), lateJoin)) {
                hangUp(j.getChannel());
            }
            List<QueueCallerJoinEvent> all = new ArrayList<>(talkers);
            all.addAll(waiting);
            all.add(lateJoin);
            for (QueueCallerJoinEvent j : all) {
                awaitHangup(j.getUniqueId());
            }
            await("the node's live queue empties", 10, () -> callers(path.node().live().active()).isEmpty());

            System.out.printf("real-asterisk: AMI outages — cut noticed, black hole noticed after %.2f s (link status: "
                            + "last detection %d ms); live queue matched Asterisk %.2f s after the cut's end and %.2f s after"
                            + " the black hole's end; outages %d → %d, last outage %d ms; %d steps from the queue log; a caller"
                            + " queued %s the black hole; test took %.0f s%n",
                    detection, after.lastDetection().toMillis(), liveMatch1, liveMatch2, before.outages(), after.outages(),
                    after.lastOutage().toMillis(), tracker.reconciledSteps(), lateJoinedInTheGap ? "inside" : "after",
                    (System.nanoTime() - began) / 1e9);

            assertThat(detection).as("a black-holed link is noticed within ~2-3 s").isLessThanOrEqualTo(4.0);
            assertThat(after.outages()).as("the cut and the black hole, each an outage").isGreaterThanOrEqualTo(2)
                    .isGreaterThan(before.outages());
            assertThat(after.lastDetection()).isLessThanOrEqualTo(Duration.ofSeconds(4));
            assertThat(tracker.reconciledSteps()).as("steps the stream lost, written from the queue log").isPositive();
            assertThat(liveMatch1).as("live queue matches Asterisk after the cut").isLessThanOrEqualTo(LIVE_MATCH_SECONDS);
            assertThat(liveMatch2).as("live queue matches Asterisk after the black hole").isLessThanOrEqualTo(LIVE_MATCH_SECONDS);
            for (QueueCallerJoinEvent j : all) {
                assertRecordMatchesAsterisk(j);
            }
        } finally {
            path.close();
        }
    }

    // ---- what Asterisk did (the test's own AMI session, never cut) and what the node recorded ----

    private void assertRecordMatchesAsterisk(QueueCallerJoinEvent joined) throws Exception {
        String uid = joined.getUniqueId();
        AmiEvents ami = path.ami();
        List<AgentConnectEvent> answers = ami.of(AgentConnectEvent.class, e -> uid.equals(e.getUniqueId()));
        HangupEvent hangup = ami.of(HangupEvent.class, e -> uid.equals(e.getUniqueId())).getFirst();
        long joins = ami.of(QueueCallerJoinEvent.class, e -> uid.equals(e.getUniqueId())).size();
        String caller = joined.getCallerIdNum();
        Map<String, Object> row = awaitRow(caller);
        String what = "caller " + caller + " (" + uid + "), record " + row + ", steps " + steps(caller);

        assertThat(row.get("outcome")).as(what).isEqualTo(answers.isEmpty() ? "ABANDONED" : "ANSWERED");
        assertThat(row.get("answered_by")).as(what).isEqualTo(answers.isEmpty() ? null : answers.getLast().getInterface());
        double ended = ((java.sql.Timestamp) row.get("ended_at")).getTime() / 1000.0;
        System.out.printf("real-asterisk: caller %s %s by %s, record ends %+.3f s from Asterisk's Hangup (%s)%n", caller,
                row.get("outcome"), row.get("answered_by"), ended - hangup.getTimestamp(),
                steps(caller).stream().filter(x -> x.startsWith("HUNG_UP")).findFirst().orElse(""));
        // Ends the stream saw are its Hangup's time; ends recovered after an outage are the CDR's (the caller
        // channel's hang-up, microseconds) — never the resync's.
        assertThat(ended).as("ended at Asterisk's hang-up: " + what).isCloseTo(hangup.getTimestamp(), within(0.05));
        Map<String, Integer> counts = stepCounts(caller);
        assertThat(counts.getOrDefault("QUEUE_JOINED", 0)).as("joined once per join: " + what).isEqualTo((int) joins);
        assertThat(counts.getOrDefault("ANSWERED", 0)).as("answered once per answer: " + what).isEqualTo(answers.size());
        assertThat(counts.getOrDefault("HUNG_UP", 0)).as(what).isEqualTo(1);
        assertThat(counts.getOrDefault("AGENT_RUNG", 0)).as("rung before answered: " + what).isGreaterThanOrEqualTo(answers.size());
        if (answers.isEmpty()) {
            assertThat(counts.getOrDefault("ABANDONED", 0)).as(what).isEqualTo(1);
        }
        assertThat(duplicateSteps(caller)).as("no step written twice: " + what).isEmpty();
    }

    private Map<String, Object> awaitRow(String caller) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Map<String, Object> row = Map.of();
        while (System.nanoTime() < deadline) {
            try (Connection c = path.db().dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT outcome, answered_by, ended_at FROM call WHERE caller_number = ? ORDER BY arrived_at DESC LIMIT 1")) {
                ps.setString(1, caller);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        row = new HashMap<>();
                        row.put("outcome", rs.getString(1));
                        row.put("answered_by", rs.getString(2));
                        row.put("ended_at", rs.getTimestamp(3));
                        if (rs.getTimestamp(3) != null && !"IN_PROGRESS".equals(rs.getString(1))) {
                            return row;
                        }
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no ended record for caller " + caller + " within 20 s: " + row + " " + steps(caller));
    }

    private Map<String, Integer> stepCounts(String caller) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (String s : steps(caller)) {
            counts.merge(s.substring(0, s.indexOf(' ')), 1, Integer::sum);
        }
        return counts;
    }

    /** The caller's steps in order: "TYPE at {data}". */
    private List<String> steps(String caller) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = path.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT e.type, e.at, e.data FROM call_event e JOIN call k ON k.id = e.call_id"
                     + " WHERE k.caller_number = ? ORDER BY e.seq")) {
            ps.setString(1, caller);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getTimestamp(2).toInstant() + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    /** Steps of one kind for the same queue/member within 2 s of each other: one step written twice. */
    private List<String> duplicateSteps(String caller) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = path.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT a.type, a.at, a.data::text, b.at, b.data::text
                       FROM call_event a JOIN call_event b ON a.call_id = b.call_id AND a.type = b.type AND a.event_id < b.event_id
                       JOIN call k ON k.id = a.call_id
                      WHERE k.caller_number = ? AND a.type IN ('QUEUE_JOINED', 'ANSWERED', 'ABANDONED', 'HUNG_UP', 'AGENT_RUNG')
                        AND coalesce(a.data->>'member', a.data->>'by', a.data->>'queue', '') = coalesce(b.data->>'member', b.data->>'by', b.data->>'queue', '')
                        AND abs(extract(epoch FROM a.at - b.at)) < 2""")) {
            ps.setString(1, caller);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " / " + rs.getString(4) + " " + rs.getString(5));
                }
            }
        }
        return out;
    }

    /**
     * Seconds until the node's live calls are exactly the scripted callers Asterisk holds, each CONNECTED exactly
     * when its channel is bridged (asked of Asterisk itself with CoreShowChannels on the test's session).
     */
    private double awaitLiveMatchesAsterisk(AmiCallTracker tracker) throws Exception {
        long from = System.nanoTime();
        long deadline = from + TimeUnit.SECONDS.toNanos(20);
        String last = "";
        while (System.nanoTime() < deadline) {
            Map<String, Boolean> asterisk = asteriskCallers();
            Map<String, Boolean> node = new TreeMap<>();
            for (LiveCall c : callers(tracker.active())) {
                node.put(c.channel(), c.state() == LiveCall.State.CONNECTED);
            }
            if (node.equals(asterisk) && tracker.connected()) {
                return (System.nanoTime() - from) / 1e9;
            }
            last = "Asterisk " + asterisk + ", node " + node;
            Thread.sleep(50);
        }
        throw new AssertionError("the node's live queue never matched Asterisk's channels: " + last);
    }

    /** Scripted callers' dialplan halves Asterisk holds now → bridged with someone. */
    private Map<String, Boolean> asteriskCallers() throws Exception {
        ResponseEvents r = path.ami().connection().sendEventGeneratingAction(new CoreShowChannelsAction(), 10_000);
        Map<String, Boolean> out = new TreeMap<>();
        for (ResponseEvent e : r.getEvents()) {
            if (e instanceof CoreShowChannelEvent c && c.getChannel() != null && c.getChannel().startsWith("Local/c")
                    && c.getChannel().endsWith(";1")) {
                out.put(c.getChannel(), c.getBridgeid() != null && !c.getBridgeid().isBlank());
            }
        }
        return out;
    }

    private static List<LiveCall> callers(List<LiveCall> active) {
        return active.stream().filter(c -> c.channel().startsWith("Local/c") && c.channel().endsWith(";1")).toList();
    }

    // ---- driving Asterisk ----

    private List<QueueCallerJoinEvent> placeAndQueue(int n) throws Exception {
        return queued(place(n));
    }

    private List<ScriptedCaller> place(int n) throws Exception {
        List<ScriptedCaller> callers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Spanish, fire (2), Miraflores (22): routed to a queue.
            callers.add(ScriptedCaller.dialling("911", "98770000" + nextCaller++).pressesAfter(1.5, "2").pressesAfter(1.0, "22"));
        }
        for (ScriptedCaller c : callers) {
            path.place(c);
        }
        return callers;
    }

    private List<QueueCallerJoinEvent> queued(List<ScriptedCaller> callers) throws Exception {
        List<QueueCallerJoinEvent> joined = new ArrayList<>();
        for (ScriptedCaller c : callers) {
            joined.add(path.ami().await(QueueCallerJoinEvent.class, e -> c.callerId().equals(e.getCallerIdNum()), Duration.ofSeconds(40))
                    .orElseThrow(() -> new AssertionError(c.callerId() + " never joined a queue; see " + path.asterisk().log())));
        }
        return joined;
    }

    private void awaitAnswered(List<QueueCallerJoinEvent> joined) throws Exception {
        for (QueueCallerJoinEvent j : joined) {
            // Within a whole ring cycle (timeout 15 s + retry): the caller's phones may be ringing someone else now.
            Optional<AgentConnectEvent> c = path.ami().await(AgentConnectEvent.class, e -> j.getUniqueId().equals(e.getUniqueId()),
                    Duration.ofSeconds(40));
            assertThat(c).as("a dispatcher answered " + j.getCallerIdNum()).isPresent();
        }
    }

    private void awaitHangup(String uniqueid) throws Exception {
        assertThat(path.ami().await(HangupEvent.class, e -> uniqueid.equals(e.getUniqueId()), Duration.ofSeconds(20))).isPresent();
    }

    /**
     * Lets the dispatchers pick up these callers only (the member's dialplan sees the queued caller's number): a
     * global "pick up" would also answer whichever other caller happened to ring then, and the scripted caller
     * would wait for the next ring cycle — the scenario must not depend on app_queue's ring order.
     */
    private void pickUp(List<QueueCallerJoinEvent> callers, boolean on) throws Exception {
        for (QueueCallerJoinEvent c : callers) {
            path.ami().connection().sendAction(new SetVarAction(PICKUP + "_" + c.getCallerIdNum(), on ? "1" : "0"), 10_000);
        }
    }

    private void hangUp(String channel) throws Exception {
        path.ami().connection().sendAction(new HangupAction(channel), 10_000);
    }

    /** Asterisk's clock: the test and Asterisk share this host's clock. */
    private static double asteriskNow() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
