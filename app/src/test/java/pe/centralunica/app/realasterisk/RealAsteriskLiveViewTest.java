package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.router.live.LiveCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console's live queue shows of a triaged caller waiting in a queue, on a real Asterisk 20 with the
 * AMI user sip-config generates: the node's tracker learns the IVR's CU_* variables from VarSet events, which
 * Asterisk only sends to a user that reads the {@code dialplan} class. Also prints the events the node's AMI user
 * is sent for that one call ("real-asterisk: AMI events per call …"), the cost of what it reads.
 */
@EnabledWithRealAsterisk
class RealAsteriskLiveViewTest {

    private static RealCallPath path;

    @BeforeAll
    static void start() throws Exception {
        path = RealCallPath.start("live", RealCallPath.SqlSeed.none(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (path != null) path.close();
    }

    @Test
    void aTriagedCallerWaitingInItsQueueShowsItsTypeDistrictClassAndLanguageLive() throws Exception {
        try (AmiEvents asTheNode = path.amiAsTheNode()) {
            // Aymara (8) during the welcome, fire (2) 1 s into the menu, district 22 (Miraflores) during its prompt.
            ScriptedCaller caller = ScriptedCaller.dialling("911", "987900001")
                    .pressesAfter(1.5, "8").pressesAfter(1.0, "2").pressesAfter(1.0, "22");
            Thread.sleep(2000); // the start's queue logins settle (their member and device states are not this call's)
            int before = asTheNode.all().size();
            path.place(caller);
            RealCallPath.Joined joined = path.awaitQueuedStillWaiting(caller);

            List<LiveCall> seen = new ArrayList<>();
            LiveCall live = awaitLive(joined.channel(), 10, seen);
            path.hangUp(joined.channel());
            Thread.sleep(1500); // the call's last events (Hangup, QueueCallerLeave…) reach both sessions
            List<ManagerEvent> ofTheCall = asTheNode.all().subList(before, asTheNode.all().size());
            long events = ofTheCall.size();
            Map<String, Long> byType = ofTheCall.stream().collect(java.util.stream.Collectors.groupingBy(
                    e -> e.getClass().getSimpleName().replace("Event", ""), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
            // The test's one scripted member sits in every queue: its ringing fans out into a device and member state
            // per queue, which production's few-queue phones do not; counted apart so the figure is the call's own.
            long memberStates = byType.getOrDefault("DeviceStateChange", 0L) + byType.getOrDefault("QueueMemberStatus", 0L);
            System.out.printf("real-asterisk: AMI events per call sent to the node's user (%s): %d, %d without member/device"
                    + " states; %s; VarSet of %s%n", readClasses(), events, events - memberStates, byType,
                    ofTheCall.stream().filter(e -> e instanceof VarSetEvent).map(e -> ((VarSetEvent) e).getVariable()).distinct().sorted().toList());

            assertThat(live).as("the caller in the node's live view, among %s", seen).isNotNull();
            // Waiting in the queue while its (scripted) dispatcher phone rings.
            assertThat(live.state()).isIn(LiveCall.State.QUEUED, LiveCall.State.RINGING);
            assertThat(live.queue()).contains(joined.queue());
            assertThat(live.callId()).as("CU_CALL_ID").isPresent();
            assertThat(live.variable("CU_TYPE")).contains("FIRE");
            assertThat(live.variable("CU_DISTRICT")).contains("150122");
            assertThat(live.variable("CU_CLASS")).contains("NORMAL");
            assertThat(live.variable("CU_LANG")).contains("ay");
            assertThat(path.record("language || ' ' || emergency_type_code || ' ' || district_ubigeo || ' ' || caller_class",
                    caller.callerId())).isEqualTo("ay FIRE 150122 NORMAL");
        }
    }

    /** The caller's call (by its channel) in the node's live view once it is queued with its type known, or the last seen, or null. */
    private static LiveCall awaitLive(String channel, int seconds, List<LiveCall> seen) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        LiveCall last = null;
        while (System.nanoTime() < deadline) {
            List<LiveCall> active = path.node().live().active();
            seen.clear();
            seen.addAll(active);
            Optional<LiveCall> c = active.stream().filter(l -> channel.equals(l.channel())).findFirst();
            if (c.isPresent()) {
                last = c.get();
                if (last.queue().isPresent() && last.variable("CU_TYPE").isPresent()) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        return last;
    }

    /** The node's user's read classes and event filters, as written into this Asterisk's manager.conf. */
    private static String readClasses() throws java.io.IOException {
        String conf = java.nio.file.Files.readString(path.asterisk().rundir().resolve("etc/manager.conf"));
        String user = conf.substring(conf.indexOf("[" + RealCallPath.AMI_USER + "]"));
        user = user.substring(0, user.indexOf("\n[", 1) < 0 ? user.length() : user.indexOf("\n[", 1));
        return user.lines().filter(l -> l.startsWith("read") || l.startsWith("eventfilter"))
                .map(l -> l.substring(l.indexOf('=') + 1).strip()).collect(java.util.stream.Collectors.joining(" | "));
    }
}
