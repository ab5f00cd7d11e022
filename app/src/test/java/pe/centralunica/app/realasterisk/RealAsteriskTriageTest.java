package pe.centralunica.app.realasterisk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
                        + " ('955000222', 'disp1'), ('955000222', 'disp2')");
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
    void keysCountDuringTheWarningAndTheInvalidOptionMessageToo() throws Exception {
        List<ScriptedCaller> callers = List.of(
                // Flagged: the warning plays from ≈4.3 s to ≈7.8 s; 3 (medical) during it, the district during its prompt.
                ScriptedCaller.dialling("911", "955000222").pressesAfter(5.5, "3").pressesAfter(1.0, "22"),
                // A wrong key 1 s into the menu; 1 during "not a valid option"; the district during its prompt.
                ScriptedCaller.dialling("911", "987600004").pressesAfter(5.5, "0").pressesAfter(0.5, "1").pressesAfter(1.0, "22"));
        List<String> behaviours = List.of("911, flagged caller, 3 during the warning",
                "911, wrong key, then 1 during the invalid-option message");
        List<RealCallPath.Joined> joined = path.callAllUntilQueued(callers);
        for (int i = 0; i < callers.size(); i++) {
            report(behaviours.get(i), joined.get(i));
            assertThat(joined.get(i).answerToQueueSeconds()).as(behaviours.get(i)).isLessThanOrEqualTo(ANY_PATH_BUDGET);
        }
        assertThat(path.record("caller_class || ' ' || emergency_type_code || ' ' || district_ubigeo", "955000222"))
                .isEqualTo("FLAGGED MEDICAL 150122");
        assertThat(path.record("emergency_type_code || ' ' || district_ubigeo", "987600004")).isEqualTo("CRIME 150122");
    }

    @Test
    void slowerPathsStayWithinTwentySeconds() throws Exception {
        List<ScriptedCaller> callers = List.of(
                // A flagged caller (two prank marks) who presses nothing: warning, menu, silence.
                ScriptedCaller.dialling("911", "955000111"),
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
        assertThat(path.record("caller_class", "955000111")).isEqualTo("FLAGGED");
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
