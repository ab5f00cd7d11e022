package pe.centralunica.ivr;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pe.centralunica.db.Database;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.RouteDecision;
import pe.centralunica.router.Router;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The triage script over a real FastAGI socket, against the reference data in PostgreSQL. */
class TriageScriptTest {

    private static Database db;

    private final RecordingJournal journal = new RecordingJournal();
    private final TestRouter testRouter = new TestRouter();
    private final AtomicReference<Router> router = new AtomicReference<>(testRouter);
    private IvrServer ivr;

    @BeforeAll
    static void database() throws Exception {
        db = TestDatabases.fresh();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            // Two recent prank marks flag 911000111; one does not flag 911000222.
            st.execute("INSERT INTO caller_mark (caller_number, marked_by) VALUES ('911000111', 'disp1'), ('911000111', 'disp2'), ('911000222', 'disp1')");
            // 911000333 called last week from Miraflores (150122), keyed by himself.
            st.execute("""
                    INSERT INTO call (id, asterisk_uniqueid, caller_number, dialled_number, district_ubigeo, district_source, arrived_at)
                    VALUES (gen_random_uuid(), '1795000000.1', '911000333', '911', '150122', 'DTMF', now() - interval '7 days')""");
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @BeforeEach
    void start() {
        Router delegating = facts -> router.get().decide(facts);
        ivr = IvrServer.start(IvrSettings.defaults().withPort(0), db.dataSource(), delegating,
                journal, FlowDefinition.fromClasspath(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        ivr.close();
    }

    private ScriptedAsterisk call(ScriptedAsterisk a) throws Exception {
        return a.run(ivr.port());
    }

    @Test
    void universalNumberCallerWhoPressesFireAndKeysADistrictIsRoutedWithWhatHeSaid() throws Exception {
        // Type menu: 2 (fire); district menu: 22 = Miraflores (150122) in Lima.
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888777").keys("2", "22"));

        assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1")
                .containsEntry("CU_TYPE", "FIRE").containsEntry("CU_DISTRICT", "150122")
                .containsEntry("CU_CLASS", "NORMAL").containsEntry("CU_LANG", "es")
                .containsEntry("CU_TARGET_KIND", "QUEUE").containsEntry("CU_TARGET", "ser-150122")
                .containsEntry("CU_TARGET_TIMEOUT", "20").containsEntry("CU_ROUTE_STEP", "0")
                .containsEntry("CU_PRIORITY", "3").containsEntry("CHANNEL(language)", "es");
        // asterisk-java sets AJ_AGISTATUS itself when the script returns; of ours, CU_ROUTE_OK comes last.
        assertThat(a.setOrder().stream().filter(n -> n.startsWith("CU_")).toList().getLast()).isEqualTo("CU_ROUTE_OK");
        assertThat(a.commands().getFirst()).startsWith("GET FULL VARIABLE");
        // Every AGI command is a round trip: the route travels in one MSet, then CU_ROUTE_OK.
        assertThat(a.commandsStartingWith("EXEC")).isEqualTo(1);
        assertThat(a.commands().stream().filter(c -> c.startsWith("EXEC")).findFirst().orElseThrow()).contains("MSet");
        assertThat(a.commands()).hasSizeLessThanOrEqualTo(12);
        assertThat(a.closedByServer()).isTrue();

        assertThat(testRouter.last().emergencyType()).isEqualTo("FIRE");
        assertThat(testRouter.last().district()).contains("150122");
        assertThat(testRouter.last().jurisdiction()).contains("LIMA");

        var arrived = journal.first(CallEventType.ARRIVED);
        assertThat(arrived.seq()).isZero();
        assertThat(arrived.data()).containsEntry("caller", "999888777").containsEntry("dialled", "911")
                .containsEntry("uniqueid", "1795349192.7").containsEntry("linkedid", "1795349192.6")
                .containsEntry("test", "false");
        assertThat(a.variables()).containsEntry("CU_CALL_ID", arrived.callId().toString());
        var triaged = journal.first(CallEventType.TRIAGED);
        assertThat(triaged.data()).containsEntry("type", "FIRE").containsEntry("district", "150122")
                .containsEntry("districtSource", "DTMF").containsEntry("callerClass", "NORMAL");
        assertThat(journal.first(CallEventType.ROUTE_DECIDED).data()).containsEntry("ruleId", "7")
                .containsEntry("targets", "Q-SER-150122,Q-METRO").containsEntry("explanation", "test rule matched");
        List<Integer> seqs = journal.of(arrived.callId()).stream().map(e -> e.seq()).toList();
        assertThat(seqs).as("one timeline, numbered in order").isEqualTo(java.util.stream.IntStream.range(0, seqs.size()).boxed().toList());
        assertThat(a.variables()).containsEntry("CU_SEQ", Integer.toString(seqs.size()));
    }

    @Test
    void legacyNumberPreselectsTheTypeWithoutAMenu() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "116", "").caller("999888001").keys("07"));

        assertThat(a.variables()).containsEntry("CU_TYPE", "FIRE").containsEntry("CU_ROUTE_OK", "1")
                .containsEntry("CU_DISTRICT", "150107");
        assertThat(a.commands()).noneMatch(c -> c.contains("cu-type-menu"));
        assertThat(a.commands()).anyMatch(c -> c.contains("cu-district-menu"));
    }

    @Test
    void theTrunkDistrictIsUsedWithoutAskingTheCaller() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "130101").caller("999888002").keys("1"));

        assertThat(a.variables()).containsEntry("CU_DISTRICT", "130101").containsEntry("CU_TYPE", "CRIME");
        assertThat(testRouter.last().jurisdiction()).contains("TRUJILLO");
        assertThat(a.commands()).noneMatch(c -> c.contains("cu-district-menu"));
        assertThat(journal.first(CallEventType.TRIAGED).data()).containsEntry("districtSource", "TRUNK");
    }

    @Test
    void aCallerWhosLastConfirmedDistrictIsKnownIsNotAskedAgain() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("911000333").keys("3"));

        assertThat(a.variables()).containsEntry("CU_DISTRICT", "150122").containsEntry("CU_TYPE", "MEDICAL");
        assertThat(journal.first(CallEventType.TRIAGED).data()).containsEntry("districtSource", "HISTORY");
        assertThat(a.commands()).noneMatch(c -> c.contains("cu-district-menu"));
    }

    @Test
    void oneSilenceReachesAHumanAsASilentCallOfUnknownTypeWithoutAskingAgain() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888003").keys("", "", "", ""));

        assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_CLASS", "SILENT")
                .containsEntry("CU_TYPE", "UNKNOWN").containsEntry("CU_TARGET", "cic-sc");
        assertThat(a.commands().stream().filter(c -> c.contains("cu-type-menu")).count()).isEqualTo(1);
        assertThat(a.commands()).as("a silent caller is not asked for a district").noneMatch(c -> c.contains("cu-district-menu"));
        assertThat(a.commands()).as("connecting is the queue's announcement, not the IVR's").noneMatch(c -> c.contains("cu-connecting"));
        assertThat(a.commands()).noneMatch(c -> c.startsWith("HANGUP"));
        assertThat(journal.types()).containsSubsequence(CallEventType.INPUT_TIMEOUT, CallEventType.TRIAGED);
    }

    @Test
    void aKeyPressedDuringTheWelcomeAnswersTheTypeMenuWithoutPlayingIt() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888013")
                .keyDuring("cu-welcome", '2').keys("22"));

        assertThat(a.commands()).contains("STREAM FILE \"cu-welcome\" \"0123456789*#\"");
        assertThat(a.commands()).noneMatch(c -> c.contains("cu-type-menu"));
        assertThat(a.variables()).containsEntry("CU_TYPE", "FIRE").containsEntry("CU_DISTRICT", "150122")
                .containsEntry("CU_CLASS", "NORMAL");
    }

    @ParameterizedTest
    @CsvSource({"7, qu", "8, ay", "9, en"})
    void eachLanguageKeyWorksWhileTheWelcomeOffersIt(char key, String language) throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("99988802" + key)
                .keyDuring("cu-welcome", key).keys("3", ""));

        assertThat(a.variables()).containsEntry("CHANNEL(language)", language).containsEntry("CU_LANG", language)
                .containsEntry("CU_TYPE", "MEDICAL");
        assertThat(a.commands().stream().filter(c -> c.contains("cu-type-menu")).count()).as("the menu, once, in " + language)
                .isEqualTo(1);
        assertThat(journal.first(CallEventType.LANGUAGE_CHOSEN).data()).containsEntry("language", language)
                .containsEntry("during", "welcome");
    }

    @Test
    void pressingFiveTwiceMarksACallerWhoCannotSpeak() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888004").keys("", "5", "5"));

        assertThat(a.variables()).containsEntry("CU_CLASS", "SILENT").containsEntry("CU_TYPE", "UNKNOWN")
                .containsEntry("CU_ROUTE_OK", "1");
    }

    @Test
    void fiveOnceIsPublicServices() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888005").keys("5", "", ""));

        assertThat(a.variables()).containsEntry("CU_TYPE", "PUBLIC_SERVICES").containsEntry("CU_CLASS", "NORMAL");
    }

    @Test
    void twoWrongKeysGiveAHumanWithTypeUnknownButNotSilent() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888006").keys("0", "*", ""));

        assertThat(a.variables()).containsEntry("CU_TYPE", "UNKNOWN").containsEntry("CU_CLASS", "NORMAL")
                .containsEntry("CU_ROUTE_OK", "1");
        assertThat(a.commands()).anyMatch(c -> c.contains("cu-invalid-option"));
        assertThat(journal.types()).containsSubsequence(CallEventType.INVALID_INPUT, CallEventType.INVALID_INPUT);
    }

    @Test
    void theLanguageKeySwitchesToEnglishAndAsksAgain() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888007").keys("9", "3", ""));

        assertThat(a.variables()).containsEntry("CHANNEL(language)", "en").containsEntry("CU_LANG", "en")
                .containsEntry("CU_TYPE", "MEDICAL");
        assertThat(a.commands().stream().filter(c -> c.contains("cu-type-menu")).count()).isEqualTo(2);
        assertThat(journal.first(CallEventType.LANGUAGE_CHOSEN).data()).containsEntry("language", "en");
        assertThat(a.commands()).contains("GET DATA \"cu-type-menu\" 2000 1");
    }

    @Test
    void aFlaggedCallerWhoTypesFireDuringTheWelcomeIsRoutedLikeAnyFireCallWithTheFlagForTheDispatcher() throws Exception {
        // 2 (fire) during the welcome, 22 (Miraflores) at the district question: what anyone would do.
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("911000111")
                .keyDuring("cu-welcome", '2').keys("22"));

        assertThat(a.variables()).containsEntry("CU_TYPE", "FIRE").containsEntry("CU_CLASS", "NORMAL")
                .containsEntry("CU_TARGET", "ser-150122").containsEntry("CU_PRIORITY", "3")
                .containsEntry("CU_FLAGGED", "1").containsEntry("CU_ROUTE_OK", "1");
        assertThat(testRouter.last().callerClass()).isEqualTo(CallerClass.NORMAL);
        // No IVR prompt more than an unflagged caller: the warning is the queue's announcement (CU_FLAGGED=1).
        assertThat(a.commands()).noneMatch(c -> c.contains("prank"))
                .noneMatch(c -> c.contains("cu-type-menu"));
        assertThat(journal.first(CallEventType.TRIAGED).data()).containsEntry("prankMarks", "2")
                .containsEntry("flagged", "true").containsEntry("callerClass", "NORMAL");
    }

    @Test
    void aFlaggedCallerAsksNoLongerThanAnUnflaggedOneWithTheSameKeys() throws Exception {
        ScriptedAsterisk flagged = call(new ScriptedAsterisk("triage", "911", "").caller("911000111").keys("2", "22"));
        ScriptedAsterisk unflagged = call(new ScriptedAsterisk("triage", "911", "").caller("999888790").keys("2", "22"));

        assertThat(prompts(flagged)).isEqualTo(prompts(unflagged));
        assertThat(flagged.variables()).containsEntry("CU_TARGET", unflagged.variables().get("CU_TARGET"))
                .containsEntry("CU_PRIORITY", unflagged.variables().get("CU_PRIORITY"));
        assertThat(unflagged.variables()).doesNotContainKey("CU_FLAGGED");
    }

    @Test
    void aFlaggedCallerWhoSaysNothingGoesToReviewWarnedButStillReachesAHuman() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("911000111").keys(""));

        assertThat(a.variables()).containsEntry("CU_CLASS", "FLAGGED").containsEntry("CU_TYPE", "UNKNOWN")
                .containsEntry("CU_FLAGGED", "1").containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_PRIORITY", "1"); // QUEUE_PRIO 1: the review desk's lowest
        assertThat(testRouter.last().callerClass()).isEqualTo(CallerClass.FLAGGED);
        assertThat(journal.first(CallEventType.TRIAGED).data()).containsEntry("prankMarks", "2").containsEntry("silent", "true");
    }

    @Test
    void aFlaggedCallerOnTheFireNumberIsRoutedAsFire() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "116", "").caller("911000111").keys("22"));

        assertThat(a.variables()).containsEntry("CU_TYPE", "FIRE").containsEntry("CU_CLASS", "NORMAL").containsEntry("CU_FLAGGED", "1");
    }

    /** What the caller hears from the IVR, in order (prompts and menus, not variables). */
    private static List<String> prompts(ScriptedAsterisk a) {
        return a.commands().stream().filter(c -> c.startsWith("STREAM FILE") || c.startsWith("GET DATA")).toList();
    }

    @Test
    void aFlaggedCallerWhoPressesFiveTwiceGoesToReview() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("911000111").keys("5", "5"));

        assertThat(a.variables()).containsEntry("CU_CLASS", "FLAGGED").containsEntry("CU_FLAGGED", "1");
    }

    @Test
    void oneMarkDoesNotFlagACaller() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("911000222").keys("1", ""));

        assertThat(a.variables()).containsEntry("CU_CLASS", "NORMAL").doesNotContainKey("CU_FLAGGED");
    }

    @Test
    void aMissingSoundFileStillLetsTheCallerAnswer() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888008")
                .missingSound("cu-type-menu").keys("3", ""));

        assertThat(a.variables()).containsEntry("CU_TYPE", "MEDICAL");
        assertThat(a.commands()).contains("WAIT FOR DIGIT 2000");
    }

    @Test
    void aCallerWhoHangsUpDuringTheMenuIsRecordedAndNotRouted() throws Exception {
        // Commands: GET FULL VARIABLE, SET CU_CALL_ID, ANSWER, SET language, STREAM welcome, GET DATA type (6th).
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888009").hangUpAtCommand(6));

        assertThat(a.variables()).doesNotContainKey("CU_ROUTE_OK");
        assertThat(journal.first(CallEventType.HUNG_UP).data()).containsEntry("by", "caller");
        assertThat(ivr.stats().callerHangups()).isEqualTo(1);
    }

    @Test
    void pastTheQuestionDeadlineAWrongKeyGoesToAHumanWithoutAnotherQuestion() throws Exception {
        ivr.close();
        String flowText;
        try (var in = java.util.Objects.requireNonNull(getClass().getResourceAsStream("/ivr/flow.properties"))) {
            flowText = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + "\nquestion-deadline-ms=0\n";
        }
        ivr = IvrServer.start(IvrSettings.defaults().withPort(0), db.dataSource(), testRouter, journal,
                FlowDefinition.from(new java.io.StringReader(flowText)), Clock.systemUTC());
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888014").keys("0", "1", "22"));

        assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_TYPE", "UNKNOWN")
                .containsEntry("CU_CLASS", "NORMAL");
        assertThat(a.commands()).as("no replay, no district question").noneMatch(c -> c.contains("cu-invalid-option"))
                .noneMatch(c -> c.contains("cu-district-menu"));
        assertThat(a.commands().stream().filter(c -> c.contains("cu-type-menu")).count()).as("the first menu is always asked")
                .isEqualTo(1);
    }

    @Test
    void aBrokenRouterLeavesTheCallToTheStaticFallback() throws Exception {
        router.set(facts -> {
            throw new IllegalStateException("rule table corrupted");
        });
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("999888010").keys("1", ""));

        assertThat(a.variables()).doesNotContainKey("CU_ROUTE_OK").doesNotContainKey("CU_TARGET");
        assertThat(journal.first(CallEventType.FALLBACK).data().get("reason")).contains("rule table corrupted");
        assertThat(ivr.stats().fallbacks()).isEqualTo(1);
    }

    @Test
    void anUnknownScriptIsRecordedAndLeftToTheFallback() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triagee", "911").caller("999888011"));

        assertThat(a.variables()).doesNotContainKey("CU_ROUTE_OK");
        assertThat(journal.types()).containsExactly(CallEventType.ARRIVED, CallEventType.FALLBACK);
        assertThat(journal.first(CallEventType.FALLBACK).data().get("reason")).contains("triagee");
        assertThat(a.closedByServer()).isTrue();
    }

    @Test
    void hostileArgumentsAreNotTakenAsNumbers() throws Exception {
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911\"; DROP", "15\n0122").caller("999888012").keys("4", ""));

        assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_TYPE", "TRAFFIC")
                .containsEntry("CU_DISTRICT", "");
        assertThat(journal.first(CallEventType.ARRIVED).data().get("dialled")).doesNotContain("DROP");
    }

    @Test
    void aSlowDatabaseCostsTheCallerAtMostTheLookupBudget() throws Exception {
        ivr.close();
        javax.sql.DataSource slow = new SlowLookupDataSource(db.dataSource());
        ivr = IvrServer.start(IvrSettings.defaults().withPort(0).withLookupBudget(java.time.Duration.ofMillis(50)), slow,
                testRouter, journal, FlowDefinition.fromClasspath(), Clock.systemUTC());
        ScriptedAsterisk a = call(new ScriptedAsterisk("triage", "911", "").caller("911000111").keys("1", ""));

        assertThat(a.variables()).containsEntry("CU_ROUTE_OK", "1").containsEntry("CU_CLASS", "NORMAL");
        assertThat(journal.first(CallEventType.TRIAGED).data().get("callerLookup")).contains("exceeded 50 ms");
    }

    @Test
    void theRouteDecisionIsTakenAtTheCallsTimeInTheDeploymentZone() throws Exception {
        call(new ScriptedAsterisk("triage", "106", "").caller("999888013").keys(""));

        assertThat(testRouter.last().at().getZone().getId()).isEqualTo("America/Lima");
        assertThat(testRouter.last().district()).isEqualTo(Optional.empty());
    }
}
