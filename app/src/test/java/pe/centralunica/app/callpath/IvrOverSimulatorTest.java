package pe.centralunica.app.callpath;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pe.centralunica.app.Node;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.simulator.CallOutcome;
import pe.centralunica.simulator.CallScript;
import pe.centralunica.simulator.Disposition;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every IVR path over the real protocols: the simulated Asterisk 20 runs the project's dialplan with the
 * reference topology (every central and desk staffed) against a running node. Prompts last 2 simulated
 * seconds; the clock runs 10× faster than real time.
 */
class IvrOverSimulatorTest {

    private static Database db;
    private static Node node;
    private static SimulatedAsterisk asterisk;
    private static Records records;

    @BeforeAll
    static void start() throws Exception {
        DatabaseSettings settings = TestDatabases.freshSettings();
        node = TestNode.start(settings);
        db = Database.open(settings);
        records = new Records(db);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo, camera_id)
                    VALUES ('PB-MIR-001', '7001001', -12.121900, -77.029700, 'Parque Kennedy, Miraflores', '150122', 'CAM-MIR-14')""");
            st.execute("INSERT INTO caller_mark (caller_number, marked_by) VALUES ('955000111', 'disp1'), ('955000111', 'disp2'),"
                    + " ('955000112', 'disp1'), ('955000112', 'disp2')");
        }
        node.close();
        node = TestNode.start(settings); // a fresh node reads the panic button into its directory
        asterisk = simulator(node.agiPort(), null);
    }

    static SimulatedAsterisk simulator(int agiPort, String missingSound) throws Exception {
        String dialplan;
        try (InputStream in = Objects.requireNonNull(IvrOverSimulatorTest.class.getResourceAsStream("/asterisk/extensions.conf"))) {
            dialplan = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // A context that asks for a script nobody serves (a stale or mistyped dialplan).
        dialplan += """

                [cu-typo]
                exten => _X.,1,Set(CU_ROUTE_OK=)
                 same => n,AGI(${CU_AGI}/triagee,${EXTEN})
                 same => n,Goto(cu-route,s,1)
                """;
        SimulatedAsterisk.Builder b = Topology.apply(SimulatedAsterisk.builder(), 1, 2, Duration.ofSeconds(2), Duration.ofSeconds(5))
                .dialplanText(dialplan).agiServer("127.0.0.1", agiPort).timeScale(0.1).seed(11);
        if (missingSound != null) {
            b.missingSound(missingSound);
        }
        return b.start();
    }

    @AfterAll
    static void stop() {
        asterisk.close();
        node.close();
        db.close();
    }

    private static CallOutcome call(CallScript script) throws Exception {
        return asterisk.place(script.hangsUpAfterAnswer(Duration.ofSeconds(5))).get(90, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} → {1} at {2}")
    @CsvSource({
            "1, CRIME, ser-150122",
            "2, FIRE, desk-cgbvp",
            "3, MEDICAL, desk-samu",
            "4, TRAFFIC, desk-pnp",
            "5, PUBLIC_SERVICES, ser-150122",
            "6, DOMESTIC_VIOLENCE, desk-linea100"})
    void eachTypeMenuChoiceReachesItsAgency(String key, String type, String queue) throws Exception {
        CallOutcome o = call(CallScript.caller("95100000" + key).dials("911")
                .pressesAfter(Duration.ofSeconds(5), key).pressesAfter(Duration.ofMillis(7_500), "22"));

        assertThat(o.variable("CU_TYPE")).isEqualTo(type);
        assertThat(o.variable("CU_DISTRICT")).isEqualTo("150122");
        assertThat(o.answeredTarget()).isEqualTo(queue);
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(records.await("SELECT emergency_type_code FROM call WHERE id = ?::uuid", o.variable("CU_CALL_ID"), type))
                .isEqualTo(type);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"105, CRIME", "116, FIRE", "106, MEDICAL", "100, DOMESTIC_VIOLENCE"})
    void eachLegacyNumberFoldsIntoTheUniversalNumberWithItsType(String number, String type) throws Exception {
        CallOutcome o = call(CallScript.caller("952000" + number).dials(number).pressesAfter(Duration.ofSeconds(5), "22"));

        assertThat(o.variable("CU_TYPE")).isEqualTo(type);
        assertThat(o.agiScripts().getFirst()).isEqualTo("triage");
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
    }

    @Test
    void aRegisteredPanicButtonGoesStraightToItsDistrictAtTopPriority() throws Exception {
        CallOutcome o = call(CallScript.panicButton("7001001"));

        assertThat(o.agiScripts()).first().isEqualTo("panic");
        assertThat(o.variable("CU_CLASS")).isEqualTo("PANIC");
        assertThat(o.variable("CU_PRIORITY")).isEqualTo("5");
        assertThat(o.answeredTarget()).isEqualTo("ser-150122");
        String callId = o.variable("CU_CALL_ID");
        assertThat(records.await("SELECT panic_device_id FROM call WHERE id = ?::uuid", callId, "PB-MIR-001")).isEqualTo("PB-MIR-001");
        assertThat(records.text("SELECT data->>'cameraId' FROM call_event WHERE call_id = ?::uuid AND type = 'TRIAGED'", callId))
                .isEqualTo("CAM-MIR-14");
    }

    @Test
    void aSilentCallerReachesAHumanFlaggedSilent() throws Exception {
        CallOutcome o = call(CallScript.caller("953000001").dials("911"));

        assertThat(o.variable("CU_CLASS")).isEqualTo("SILENT");
        assertThat(o.variable("CU_TYPE")).isEqualTo("UNKNOWN");
        assertThat(o.answeredTarget()).isEqualTo("cic-sc");
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(records.await("SELECT caller_class FROM call WHERE id = ?::uuid", o.variable("CU_CALL_ID"), "SILENT"))
                .isEqualTo("SILENT");
    }

    @Test
    void fiveTwiceIsACallerWhoCannotSpeak() throws Exception {
        CallOutcome o = call(CallScript.caller("953000002").dials("911").pressesAfter(Duration.ofSeconds(5), "55"));

        assertThat(o.variable("CU_CLASS")).isEqualTo("SILENT");
        assertThat(o.answeredTarget()).isEqualTo("cic-sc");
    }

    @Test
    void aFlaggedCallerWhoTypesCrimeIsRoutedLikeAnyoneAndWarnedByTheQueue() throws Exception {
        // The same keys at the same moments as an unflagged caller (1 during the menu's silence, then the district).
        // The caller hangs up 2 s into the conversation, before the dispatcher (5 s): had both hung up at the same
        // instant, which side ended the call — and so whether the dialplan ran its closing Hangup() — was a coin toss.
        CallOutcome o = asterisk.place(CallScript.caller("955000111").dials("911")
                .pressesAfter(Duration.ofSeconds(5), "1").pressesAfter(Duration.ofMillis(7_500), "22")
                .hangsUpAfterAnswer(Duration.ofSeconds(2))).get(90, TimeUnit.SECONDS);

        assertThat(o.variable("CU_CLASS")).isEqualTo("NORMAL");
        assertThat(o.variable("CU_FLAGGED")).isEqualTo("1");
        assertThat(o.variable("CU_DISTRICT")).isEqualTo("150122");
        assertThat(o.answeredTarget()).isEqualTo("ser-150122");
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        // The warning is the queue's announcement: the project's dialplan switches to the language variant.
        assertThat(o.dialplanTrace()).anyMatch(step -> step.contains("Set(CHANNEL(language)=es_flagged)"));
        assertThat(o.dialplanTrace()).as("the dialplan never hangs up on a flagged caller").noneMatch(step -> step.contains("Hangup"));
    }

    @Test
    void aFlaggedCallerWhoSaysNothingIsReviewedButAnswered() throws Exception {
        CallOutcome o = asterisk.place(CallScript.caller("955000112").dials("911")
                .hangsUpAfterAnswer(Duration.ofSeconds(2))).get(90, TimeUnit.SECONDS);

        assertThat(o.variable("CU_CLASS")).isEqualTo("FLAGGED");
        assertThat(o.answeredTarget()).isEqualTo("cic-review");
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(o.dialplanTrace()).anyMatch(step -> step.contains("Set(CHANNEL(language)=es_flagged)"));
    }

    @Test
    void anUnflaggedCallerKeepsThePlainAnnouncement() throws Exception {
        CallOutcome o = call(CallScript.caller("955000113").dials("911")
                .pressesAfter(Duration.ofSeconds(5), "1").pressesAfter(Duration.ofMillis(7_500), "22"));

        assertThat(o.variable("CU_FLAGGED")).isNull();
        assertThat(o.dialplanTrace()).noneMatch(step -> step.contains("CHANNEL(language)"));
    }

    @Test
    void invalidKeysTwiceStillReachAHumanWithTypeUnknown() throws Exception {
        CallOutcome o = call(CallScript.caller("954000001").dials("911")
                .pressesAfter(Duration.ofSeconds(5), "0").pressesAfter(Duration.ofSeconds(10), "*"));

        assertThat(o.variable("CU_TYPE")).isEqualTo("UNKNOWN");
        assertThat(o.variable("CU_CLASS")).isEqualTo("NORMAL");
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        String timeline = records.await("SELECT count(*)::text FROM call_event WHERE call_id = ?::uuid AND type = 'INVALID_INPUT'",
                o.variable("CU_CALL_ID"), "2");
        assertThat(timeline).isEqualTo("2");
    }

    @Test
    void aMissingPromptOnTheAsteriskSideDoesNotCostTheCallerTheirAnswer() throws Exception {
        try (SimulatedAsterisk withoutMenu = simulator(node.agiPort(), "cu-type-menu")) {
            CallOutcome o = withoutMenu.place(CallScript.caller("954000002").dials("911")
                    .pressesAfter(Duration.ofSeconds(4), "3").hangsUpAfterAnswer(Duration.ofSeconds(5))).get(90, TimeUnit.SECONDS);

            assertThat(o.variable("CU_TYPE")).isEqualTo("MEDICAL");
            assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        }
    }

    @Test
    void aCallerWhoHangsUpMidMenuLeavesARecord() throws Exception {
        CallOutcome o = asterisk.place(CallScript.caller("956000001").dials("911").hangsUpAfter(Duration.ofSeconds(3)))
                .get(90, TimeUnit.SECONDS);

        assertThat(o.disposition()).isEqualTo(Disposition.ABANDONED);
        String callId = o.variable("CU_CALL_ID");
        assertThat(callId).isNotBlank();
        assertThat(records.await("SELECT data->>'by' FROM call_event WHERE call_id = ?::uuid AND type = 'HUNG_UP'", callId, "caller"))
                .isEqualTo("caller");
        assertThat(records.timeline(callId)).startsWith("ARRIVED,");
    }

    @Test
    void anUnknownScriptIsRecordedAndTheCallerStillReachesAHuman() throws Exception {
        CallOutcome o = call(CallScript.caller("957000001").dials("911").context("cu-typo"));

        assertThat(o.fallback()).isTrue();
        assertThat(o.answeredTarget()).isEqualTo("cic-sc");
        assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
        assertThat(records.await("SELECT count(*)::text FROM call WHERE caller_number = ? AND outcome = 'FALLBACK'", "957000001", "1"))
                .isEqualTo("1");
    }

    @Test
    void anAsteriskOutsideTheAllowListIsRefusedAndItsCallerStillReachesAHuman() throws Exception {
        DatabaseSettings settings = TestDatabases.freshSettings();
        try (Node guarded = TestNode.start(settings, java.util.Map.of("CU_AGI_ALLOW", "10.20.0.0/16"));
             SimulatedAsterisk stranger = simulator(guarded.agiPort(), null)) {
            CallOutcome o = stranger.place(CallScript.caller("958000001").dials("911").hangsUpAfterAnswer(Duration.ofSeconds(5)))
                    .get(90, TimeUnit.SECONDS);

            assertThat(o.fallback()).isTrue();
            assertThat(o.answeredTarget()).isEqualTo("cic-sc");
            assertThat(TestNode.get(guarded, "/health")).contains("\"refusedConnections\":1");
        }
    }
}
