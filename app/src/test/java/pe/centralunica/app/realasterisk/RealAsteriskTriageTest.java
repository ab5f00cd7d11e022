package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.action.QueueRemoveAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The IVR on a real Asterisk 20 with the generated configuration and the rendered prompts: each caller
 * behaviour's time from answer (the IVR's AGI ANSWER) to joining a queue (QueueCallerJoin), on Asterisk's clock,
 * against the budgets (≤ 8 s pressing at the first chance or a legacy number, ≤ 15 s pressing nothing, ≤ 20 s any
 * path), and the call record each leaves in PostgreSQL. Scripted callers' times count from their own answer,
 * which precedes the IVR's by a few tens of milliseconds. Each figure is printed as "real-asterisk: …".
 */
@EnabledWithRealAsterisk
class RealAsteriskTriageTest {

    private static final double FIRST_CHANCE_BUDGET = 8.0;
    private static final double LEGACY_BUDGET = 8.0;
    private static final double NOTHING_PRESSED_BUDGET = 15.0;
    private static final double ANY_PATH_BUDGET = 20.0;

    private static RealCallPath path;
    /** sipp's SIP port: the carrier trunk's address, so Asterisk identifies its calls as the carrier's. */
    private static final int SIPP_PORT = RealAsterisk.freePort();

    @BeforeAll
    static void start() throws Exception {
        path = RealCallPath.start("triage", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("UPDATE sip_trunk SET host = '127.0.0.1', port = " + SIPP_PORT + " WHERE endpoint = 'carrier'");
                st.execute("""
                        INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo, camera_id)
                        VALUES ('PB-MIR-001', '7001001', -12.121900, -77.029700, 'Parque Kennedy, Miraflores', '150122', 'CAM-MIR-14')""");
                st.execute("INSERT INTO caller_mark (caller_number, marked_by) VALUES ('955000111', 'disp1'), ('955000111', 'disp2'),"
                        + " ('955000222', 'disp1'), ('955000222', 'disp2'), ('955000333', 'disp1'), ('955000333', 'disp2')");
            }
        }, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (path != null) path.close();
    }

    private static void report(String behaviour, RealCallPath.Joined j) {
        System.out.printf("real-asterisk: %-58s %5.2f s  -> %s%n", behaviour, j.answerToQueueSeconds(), j.queue());
    }

    @Test
    void eachTypeKeyPressedDuringTheWelcomeRoutesWithinEightSeconds() throws Exception {
        // Key during the welcome (≈4.5 s long) at 1.5 s, then district 22 (Miraflores) during the district prompt.
        List<String> types = List.of("CRIME", "FIRE", "MEDICAL", "TRAFFIC", "PUBLIC_SERVICES", "DOMESTIC_VIOLENCE");
        List<ScriptedCaller> callers = new ArrayList<>();
        for (int digit = 1; digit <= 6; digit++) {
            callers.add(ScriptedCaller.dialling("911", "98710000" + digit)
                    .pressesAfter(1.5, Integer.toString(digit)).pressesAfter(digit == 5 ? 2.2 : 1.0, "22"));
        }
        List<RealCallPath.Joined> joined = path.callAllUntilQueued(callers);
        for (int i = 0; i < callers.size(); i++) {
            report("911, key " + (i + 1) + " during the welcome, district during its prompt", joined.get(i));
            assertThat(joined.get(i).answerToQueueSeconds()).as("key %d", i + 1).isLessThanOrEqualTo(FIRST_CHANCE_BUDGET);
            assertThat(path.record("emergency_type_code || ' ' || district_ubigeo || ' ' || district_source",
                    callers.get(i).callerId())).isEqualTo(types.get(i) + " 150122 DTMF");
        }
    }

    @Test
    void eachTypeKeyPressedDuringTheTypeMenuRoutesWithinBudget() throws Exception {
        // The welcome plays out (≈4.5 s); the key comes 1 s into the menu, the district 1 s into its prompt.
        List<ScriptedCaller> callers = new ArrayList<>();
        for (int digit = 1; digit <= 6; digit++) {
            callers.add(ScriptedCaller.dialling("911", "98720000" + digit)
                    .pressesAfter(5.5, Integer.toString(digit)).pressesAfter(digit == 5 ? 2.2 : 1.0, "22"));
        }
        List<RealCallPath.Joined> joined = path.callAllUntilQueued(callers);
        for (int i = 0; i < callers.size(); i++) {
            report("911, key " + (i + 1) + " during the type menu, district during its prompt", joined.get(i));
            assertThat(joined.get(i).answerToQueueSeconds()).isLessThanOrEqualTo(ANY_PATH_BUDGET);
            assertThat(path.record("district_ubigeo", callers.get(i).callerId())).isEqualTo("150122");
        }
    }

    @Test
    void eachLanguageChosenDuringTheWelcomeReachesTheRecordAndTheChannel() throws Exception {
        List<String> languages = List.of("qu", "ay", "en");
        List<ScriptedCaller> callers = new ArrayList<>();
        for (int i = 0; i < languages.size(); i++) {
            // Language key during the welcome, then 2 (fire) 1 s into the menu in that language, then the district.
            callers.add(ScriptedCaller.dialling("911", "98730000" + i)
                    .pressesAfter(1.5, Integer.toString(7 + i)).pressesAfter(1.0, "2").pressesAfter(1.0, "22"));
        }
        List<RealCallPath.Joined> joined = path.callAllUntilQueued(callers);
        for (int i = 0; i < callers.size(); i++) {
            report("911, language " + languages.get(i) + " during the welcome, then fire", joined.get(i));
            assertThat(joined.get(i).answerToQueueSeconds()).isLessThanOrEqualTo(FIRST_CHANCE_BUDGET);
            assertThat(path.record("language || ' ' || emergency_type_code", callers.get(i).callerId()))
                    .isEqualTo(languages.get(i) + " FIRE");
        }
    }

    @Test
    void aLegacyNumberWithAKnownTypeQueuesWithinEightSecondsPressingNothing() throws Exception {
        Map<String, String> legacy = Map.of("105", "CRIME", "116", "FIRE", "106", "MEDICAL", "100", "DOMESTIC_VIOLENCE");
        List<ScriptedCaller> callers = new ArrayList<>();
        legacy.keySet().stream().sorted().forEach(n -> callers.add(ScriptedCaller.dialling(n, "98740" + n)));
        List<RealCallPath.Joined> joined = path.callAllUntilQueued(callers);
        for (int i = 0; i < callers.size(); i++) {
            report("legacy " + callers.get(i).number() + ", presses nothing", joined.get(i));
            assertThat(joined.get(i).answerToQueueSeconds()).isLessThanOrEqualTo(LEGACY_BUDGET);
            assertThat(path.record("emergency_type_code", callers.get(i).callerId())).isEqualTo(legacy.get(callers.get(i).number()));
        }
    }

    @Test
    void aCallerWhoPressesNothingReachesTheMetropolitanCentreAsSilentWithinFifteenSeconds() throws Exception {
        ScriptedCaller caller = ScriptedCaller.dialling("911", "987500001");
        RealCallPath.Joined j = path.callUntilQueued(caller);

        report("911, presses nothing", j);
        assertThat(j.answerToQueueSeconds()).isLessThanOrEqualTo(NOTHING_PRESSED_BUDGET);
        assertThat(j.queue()).isEqualTo("cic-sc");
        assertThat(path.record("caller_class || ' ' || emergency_type_code", caller.callerId())).isEqualTo("SILENT UNKNOWN");
    }

    @Test
    void aPanicButtonQueuesAtOnce() throws Exception {
        ScriptedCaller caller = ScriptedCaller.dialling("911", "7001001").in("cu-panic-devices");
        RealCallPath.Joined j = path.callUntilQueued(caller);

        report("panic button (from the panic script's first command)", j);
        assertThat(j.answerToQueueSeconds()).isLessThanOrEqualTo(FIRST_CHANCE_BUDGET);
        assertThat(j.queue()).isEqualTo("ser-150122");
        assertThat(path.record("caller_class || ' ' || panic_device_id", caller.callerId())).isEqualTo("PANIC PB-MIR-001");
    }

    @Test
    void keysCountDuringTheInvalidOptionMessageToo() throws Exception {
        // A wrong key 1 s into the menu; 1 during "not a valid option"; the district during its prompt.
        ScriptedCaller caller = ScriptedCaller.dialling("911", "987600004").pressesAfter(5.5, "0").pressesAfter(0.5, "1").pressesAfter(1.0, "22");
        RealCallPath.Joined j = path.callUntilQueued(caller);

        report("911, wrong key, then 1 during the invalid-option message", j);
        assertThat(j.answerToQueueSeconds()).isLessThanOrEqualTo(ANY_PATH_BUDGET);
        assertThat(path.record("emergency_type_code || ' ' || district_ubigeo", "987600004")).isEqualTo("CRIME 150122");
    }

    @Test
    void aFlaggedCallerWhoPressesATypeDuringTheWelcomeIsQueuedLikeAnyoneAndHearsTheWarningWhileWaitingBehindAnother() throws Exception {
        // Same keys: 1 (police) during the welcome, then 22 (Miraflores). 955000111 has two prank marks. The queue's
        // announcement reaches only a caller who waits while every dispatcher is busy: on Asterisk 20 a caller being
        // rung never hears it while the phones ring, and announce-to-first-user (off: it only adds it between two
        // rings, delaying the next one by its length) would not change that — see the README, "What a queued
        // caller hears". So here ser-150122's one member answers the unflagged caller and stays on the call.
        ScriptedCaller unflagged = ScriptedCaller.dialling("911", "987900001").pressesAfter(1.5, "1").pressesAfter(1.0, "22");
        ScriptedCaller flagged = ScriptedCaller.dialling("911", "955000111").pressesAfter(1.5, "1").pressesAfter(1.0, "22");
        String ringing = "Local/ring@cu-test-agents/n";
        String answering = "Local/answer@cu-test-agents/n";
        path.asterisk().cli("dialplan add extension answer,1,Answer() into cu-test-agents");
        path.asterisk().cli("dialplan add extension answer,2,Wait(600) into cu-test-agents");
        path.ami().connection().sendAction(new QueueRemoveAction("ser-150122", ringing), 10_000);
        QueueAddAction add = new QueueAddAction("ser-150122", answering);
        add.setMemberName("test-agent-answers");
        path.ami().connection().sendAction(add, 10_000);
        try {
            hearsTheWarningBehind(unflagged, flagged);
        } finally {
            // Back to the member every other test expects (one that rings and never answers).
            path.ami().connection().sendAction(new QueueRemoveAction("ser-150122", answering), 10_000);
            QueueAddAction back = new QueueAddAction("ser-150122", ringing);
            back.setMemberName("test-agent-ser-150122");
            path.ami().connection().sendAction(back, 10_000);
        }
    }

    @Test
    void aFlaggedCallerAloneInTheQueueHearsTheWarningAsHoldMusicWhileThePhonesRing() throws Exception {
        // Same keys as above; ser-150122's one member rings and never answers, so each caller is alone in the queue
        // and being rung: the queue's announcement never reaches them (README, "What a queued caller hears"), but
        // app_queue plays their music on hold from the moment they join, rings included.
        ScriptedCaller flagged = ScriptedCaller.dialling("911", "955000333").pressesAfter(1.5, "1").pressesAfter(1.0, "22");
        ScriptedCaller unflagged = ScriptedCaller.dialling("911", "987900002").pressesAfter(1.5, "1").pressesAfter(1.0, "22");
        assertThat(path.asterisk().rundir().resolve("data/sounds/cu-flagged-moh/es/cu-flagged-warning.wav"))
                .as("render.sh installed the warning class's file").exists();

        path.place(flagged);
        RealCallPath.Joined f = path.awaitQueuedStillWaiting(flagged);
        try {
            report("911, flagged caller alone in the queue, key 1, district", f);
            assertThat(f.answerToQueueSeconds()).as("flagged, key during the welcome").isLessThanOrEqualTo(FIRST_CHANCE_BUDGET);
            assertThat(f.queue()).isEqualTo("ser-150122");
            String queued = awaitLogLine(f.channel(), "Queue(\"" + f.channel());
            String moh = awaitLogLine(f.channel(), "Started music on hold, class 'cu-flagged-es'", queued);
            double after = logSeconds(moh) - logSeconds(queued);
            System.out.printf("real-asterisk: flagged caller's warning (hold music) started %.3f s after Queue(): %s%n", after, moh);
            assertThat(after).as("the warning starts as the caller joins").isLessThanOrEqualTo(1.0);
        } finally {
            path.hangUp(f.channel());
        }
        assertThat(path.record("caller_class || ' ' || emergency_type_code || ' ' || district_ubigeo", "955000333"))
                .isEqualTo("NORMAL CRIME 150122");

        // A caller who is not flagged waits as before: the same queue, no warning class.
        path.place(unflagged);
        RealCallPath.Joined u = path.awaitQueuedStillWaiting(unflagged);
        try {
            report("911, same keys, not flagged, alone in the queue", u);
            assertThat(u.answerToQueueSeconds()).isLessThanOrEqualTo(FIRST_CHANCE_BUDGET);
            assertThat(u.queue()).isEqualTo("ser-150122");
            String queued = awaitLogLine(u.channel(), "Queue(\"" + u.channel());
            Thread.sleep(1500);
            List<String> lines = Files.readAllLines(path.asterisk().log());
            assertThat(lines.subList(lines.indexOf(queued), lines.size())).as("no warning class for a caller who is not flagged")
                    .noneMatch(l -> l.contains(u.channel()) && l.contains("cu-flagged"));
        } finally {
            path.hangUp(u.channel());
        }
    }

    private void hearsTheWarningBehind(ScriptedCaller unflagged, ScriptedCaller flagged) throws Exception {
        path.place(unflagged);
        RealCallPath.Joined u = path.awaitQueuedStillWaiting(unflagged);
        RealCallPath.Joined f = null;
        try {
            awaitLogLine(u.channel(), "joined 'simple_bridge'");
            path.place(flagged);
            f = path.awaitQueuedStillWaiting(flagged);
            report("911, flagged caller, key 1 during the welcome, district", f);
            report("911, same keys, not flagged", u);
            assertThat(f.answerToQueueSeconds()).as("flagged, key during the welcome").isLessThanOrEqualTo(FIRST_CHANCE_BUDGET);
            assertThat(f.queue()).as("the type/district queue, not the review desk").isEqualTo(u.queue()).isNotEqualTo("cic-review");
            // The warning is the queue's announcement: cu-connecting in the variant es_flagged (sounds/es_flagged/
            // holds only that file, the warning then "connecting"), played 1 s after joining while the caller waits.
            assertThat(path.asterisk().rundir().resolve("data/sounds/es_flagged/cu-connecting.wav")).exists();
            String played = awaitLogLine(f.channel(), "Playing 'cu-connecting");
            System.out.println("real-asterisk: flagged caller's announcement: " + played);
            assertThat(played).as("Asterisk played the flagged caller's announcement in the variant").contains("(language 'es_flagged')");
            // And the file it found was the warning: it played for longer than the plain "connecting" lasts (app_queue
            // restarts the hold music — the warning class, logged — when the announcement ends).
            Path sounds = path.asterisk().rundir().resolve("data/sounds");
            double plain = wavSeconds(sounds.resolve("es/cu-connecting.wav"));
            double warning = wavSeconds(sounds.resolve("es_flagged/cu-connecting.wav"));
            String callTag = played.substring(played.indexOf("][C-") + 1, played.indexOf(']', played.indexOf("][C-") + 1) + 1);
            String resumed = awaitLogLine(callTag, "Started music on hold, class 'cu-flagged-es'", played);
            double lasted = logSeconds(resumed) - logSeconds(played);
            System.out.printf("real-asterisk: flagged caller's announcement lasted %.2f s (rendered: warning %.2f s, plain %.2f s)%n",
                    lasted, warning, plain);
            assertThat(lasted).as("the warning, not the plain announcement, was played").isGreaterThan((plain + warning) / 2);
        } finally {
            if (f != null) path.hangUp(f.channel());
            path.hangUp(u.channel());
        }
        assertThat(path.record("caller_class || ' ' || emergency_type_code || ' ' || district_ubigeo", "955000111"))
                .isEqualTo("NORMAL CRIME 150122");
        try (Connection c = path.db().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT e.data->>'prankMarks' FROM call_event e JOIN call k ON k.id = e.call_id
                     WHERE k.caller_number = '955000111' AND e.type = 'TRIAGED' AND e.data->>'flagged' = 'true'""");
             ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("the record says the number is flagged").isTrue();
            assertThat(rs.getString(1)).isEqualTo("2");
        }
    }

    /** The first line of Asterisk's log about {@code channel} that contains {@code text} (waits up to 10 s). */
    private static String awaitLogLine(String channel, String text) throws Exception {
        return awaitLogLine(channel, text, null);
    }

    /** As above, among the lines after {@code after} (when given). */
    private static String awaitLogLine(String channel, String text, String after) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<String> lines = Files.readAllLines(path.asterisk().log());
            int from = after == null ? 0 : lines.indexOf(after) + 1;
            Optional<String> line = lines.subList(from, lines.size()).stream()
                    .filter(l -> l.contains(channel) && l.contains(text)).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' for " + channel + " in " + path.asterisk().log());
    }

    /** Seconds of the day of a log line ({@code [2026-12-07 17:19:25.304] …}, logger.conf's dateformat). */
    private static double logSeconds(String line) {
        LocalTime t = LocalTime.parse(line.substring(12, 24));
        return t.toNanoOfDay() / 1e9;
    }

    /** Length of a rendered prompt: 8 kHz, 16-bit mono PCM after a 44-byte header. */
    private static double wavSeconds(Path wav) throws Exception {
        return (Files.size(wav) - 44) / 16_000.0;
    }

    @Test
    void slowerPathsStayWithinTwentySeconds() throws Exception {
        List<ScriptedCaller> callers = List.of(
                // A flagged caller (two prank marks) who presses nothing: welcome, menu, silence (the warning is the queue's).
                ScriptedCaller.dialling("911", "955000222"),
                // A wrong key during the menu, then the right one during the menu's replay, then no district.
                ScriptedCaller.dialling("911", "987600002").pressesAfter(7.0, "0").pressesAfter(2.0, "1"),
                // Silent key twice during the welcome.
                ScriptedCaller.dialling("911", "987600003").pressesAfter(1.5, "5").pressesAfter(0.3, "5"));
        List<String> behaviours = List.of("911, flagged caller, presses nothing", "911, wrong key, then 1 on the replay, no district",
                "911, 5 twice during the welcome (cannot speak)");
        List<RealCallPath.Joined> joined = path.callAllUntilQueued(callers);
        for (int i = 0; i < callers.size(); i++) {
            report(behaviours.get(i), joined.get(i));
            assertThat(joined.get(i).answerToQueueSeconds()).as(behaviours.get(i)).isLessThanOrEqualTo(ANY_PATH_BUDGET);
        }
        assertThat(joined.get(0).queue()).as("a flagged caller who says nothing is screened").isEqualTo("cic-review");
        assertThat(joined.get(0).answerToQueueSeconds()).as("screening costs no time: the warning is the queue's")
                .isLessThanOrEqualTo(NOTHING_PRESSED_BUDGET);
        assertThat(path.record("caller_class", "955000222")).isEqualTo("FLAGGED");
        assertThat(path.record("emergency_type_code", "987600002")).isEqualTo("CRIME");
        assertThat(path.record("caller_class", "987600003")).isEqualTo("SILENT");
    }

    @Test
    void aSipCallerPressingTwoAsRfc4733EventsDuringTheWelcomeReachesTheFireDesk() throws Exception {
        assumeTrue(SippCaller.executable().isPresent(), "sipp (Debian package sip-tester) is not installed");
        try (SippCaller sipp = SippCaller.dial("911", "987800001", path.sipPort(), SIPP_PORT, '2', 1500,
                path.asterisk().rundir().resolve("sipp"))) {
            RealCallPath.Joined j = path.awaitQueued(ScriptedCaller.dialling("911", "987800001"));

            report("911 over PJSIP (sipp), 2 as RFC 4733 during the welcome", j);
            assertThat(j.channel()).startsWith("PJSIP/carrier-");
            assertThat(j.queue()).isEqualTo("desk-cgbvp");
            assertThat(j.answerToQueueSeconds()).isLessThanOrEqualTo(FIRST_CHANCE_BUDGET);
            assertThat(path.record("emergency_type_code", "987800001")).isEqualTo("FIRE");
            assertThat(sipp.awaitExit(30)).as("sipp saw the call through to Asterisk's BYE").isZero();
        }
    }
}
