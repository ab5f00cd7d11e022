package pe.centralunica.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiScript;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The project's own dialplan (sip-config asterisk/extensions.conf) driven by an asterisk-java FastAGI server
 * playing our scripts: routing to a queue, route-next after no answer, trunks, and the fallback paths.
 */
class ProjectDialplanTest {
    private TestAgiServer agi;

    @BeforeEach
    void startAgi() throws Exception {
        agi = new TestAgiServer();
    }

    @AfterEach
    void stopAgi() {
        agi.close();
    }

    /**
     * What our triage script does at its core: re-arm the dialplan's deadline for the prompt it is about to
     * play, read a digit, set the route, CU_ROUTE_OK last.
     */
    private static AgiScript routeTo(String kind, String target, int timeout, int priority) {
        return (request, channel) -> {
            channel.setVariable("TIMEOUT(absolute)", "15");
            channel.answer();
            // A long wait: at this time scale 20 s are 0.4 s of real time, and the key must fall inside it.
            String digit = channel.getData("beep", 20000, 1);
            channel.setVariable("CU_TYPE", digit == null ? "" : digit);
            setRoute(channel, kind, target, timeout, priority);
        };
    }

    private static void setRoute(AgiChannel channel, String kind, String target, int timeout, int priority)
            throws AgiException {
        channel.setVariable("CU_TARGET_KIND", kind);
        channel.setVariable("CU_TARGET", target);
        channel.setVariable("CU_TARGET_TIMEOUT", Integer.toString(timeout));
        channel.setVariable("CU_PRIORITY", Integer.toString(priority));
        channel.setVariable("CU_ROUTE_OK", "1");
    }

    private SimulatedAsterisk.Builder sim() {
        return SimulatedAsterisk.builder()
                .agiServer("127.0.0.1", agi.port())
                .queue(QueueSpec.named("cic-sc").member(MemberSpec.named("PJSIP/cic-01")
                        .answerAfter(Duration.ofSeconds(3)).talkFor(Duration.ofSeconds(20))))
                .trunk(TrunkSpec.named("trunk-pnp").up())
                .timeScale(0.02)
                .seed(7);
    }

    @Test
    void callerWhoPressesADigitIsAnsweredByTheDistrictQueue() throws Exception {
        agi.script("triage", routeTo("QUEUE", "sc-150122", 20, 5));
        try (SimulatedAsterisk sim = sim().queue(QueueSpec.named("sc-150122").member(MemberSpec.named("PJSIP/disp-01")
                .answerAfter(Duration.ofSeconds(2)).talkFor(Duration.ofSeconds(30)))).start()) {
            CallOutcome o = sim.place(CallScript.caller("987654321").dials("116").from("150122")
                    .pressesAfter(Duration.ofSeconds(6), "2")).get(30, TimeUnit.SECONDS);

            assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(o.answeredBy()).contains("PJSIP/disp-01");
            assertThat(o.answeredTarget()).isEqualTo("sc-150122");
            assertThat(o.fallback()).isFalse();
            assertThat(o.agiScripts()).containsExactly("triage");
            assertThat(agi.requests).containsExactly("triage 116");
            assertThat(o.variables()).containsEntry("CU_TYPE", "2").containsEntry("QUEUESTATUS", "CONTINUE")
                    .containsEntry("QUEUE_PRIO", "5").containsEntry("AGISTATUS", "SUCCESS");
            assertThat(o.dialplanTrace()).contains("cu-inbound,116,1 Goto(cu-triage,116,1)",
                    "cu-route,s,11 Queue(sc-150122,c,,,20)", "cu-route,s,27 Hangup()");
            assertThat(o.channel()).matches("PJSIP/carrier-[0-9a-f]{8}");
            assertThat(o.uniqueid()).matches("\\d+\\.\\d+").isEqualTo(o.linkedid());
        }
    }

    /** The triage script's route for a caller who chose a language (CU_LANG comes in the same MSet). */
    private static AgiScript routeInLanguage(String language, String target) {
        return (request, channel) -> {
            channel.answer();
            channel.setVariable("CU_LANG", language);
            setRoute(channel, "QUEUE", target, 30, 3);
        };
    }

    @Test
    void aFlaggedCallerWaitsWithTheWarningVariantOfTheLanguageInTheSameQueue() throws Exception {
        agi.script("triage", (request, channel) -> {
            channel.answer();
            channel.setVariable("CU_LANG", "qu");
            channel.setVariable("CU_FLAGGED", "1");
            setRoute(channel, "QUEUE", "sc-150122", 30, 3);
        });
        try (SimulatedAsterisk sim = withQuechuaVariant(MemberSpec.named("PJSIP/disp-qu").answerAfter(Duration.ofSeconds(3)),
                MemberSpec.named("PJSIP/disp-es").answerAfter(Duration.ofSeconds(1))).start()) {
            CallOutcome o = sim.place(CallScript.caller("987000229").dials("911")).get(30, TimeUnit.SECONDS);

            // The hold music becomes the warning (musiconhold.conf's cu-flagged-qu) and the sounds' language the
            // variant (queues.conf's cu-connecting from sounds/qu_flagged/); the queue variant still follows CU_LANG.
            assertThat(o.dialplanTrace()).contains("cu-route,s,5 Set(CHANNEL(language)=qu_flagged)",
                    "cu-route,s,6 Set(CHANNEL(musicclass)=cu-flagged-qu)", "cu-route,s,11 Queue(sc-150122-qu,c,,,30)");
            assertThat(o.answeredTarget()).isEqualTo("sc-150122-qu");
        }
    }

    /** sc-150122 and its Quechua variant as sip-config generates them: the speaker at 0, the others at 1. */
    private SimulatedAsterisk.Builder withQuechuaVariant(MemberSpec speaker, MemberSpec spanishOnly) {
        return sim().queue(QueueSpec.named("sc-150122").ringAll().member(speaker.penalty(0)).member(spanishOnly.penalty(0)))
                .queue(QueueSpec.named("sc-150122-qu").ringAll().memberTimeout(Duration.ofSeconds(6)).retry(Duration.ofSeconds(1))
                        .raisePenaltyAfter(Duration.ofSeconds(1), 1).member(speaker.penalty(0)).member(spanishOnly.penalty(1)));
    }

    @Test
    void quechuaCallerWaitsInTheQuechuaVariantAndIsAnsweredByTheSpeakerFirst() throws Exception {
        agi.script("triage", routeInLanguage("qu", "sc-150122"));
        try (SimulatedAsterisk sim = withQuechuaVariant(MemberSpec.named("PJSIP/disp-qu").answerAfter(Duration.ofSeconds(3)),
                MemberSpec.named("PJSIP/disp-es").answerAfter(Duration.ofSeconds(1))).start()) {
            CallOutcome o = sim.place(CallScript.caller("987000222").dials("911")).get(30, TimeUnit.SECONDS);

            assertThat(o.answeredTarget()).isEqualTo("sc-150122-qu");
            assertThat(o.answeredBy()).as("the Spanish-only dispatcher, quicker, is not rung while the speaker is").contains("PJSIP/disp-qu");
            assertThat(o.dialplanTrace()).contains("cu-route,s,11 Queue(sc-150122-qu,c,,,30)");
        }
    }

    @Test
    void quechuaCallerReachesTheSpanishDispatcherAtOnceWhenTheSpeakerIsPaused() throws Exception {
        agi.script("triage", routeInLanguage("qu", "sc-150122"));
        try (SimulatedAsterisk sim = withQuechuaVariant(MemberSpec.named("PJSIP/disp-qu").paused(),
                MemberSpec.named("PJSIP/disp-es").answerAfter(Duration.ofSeconds(1))).start()) {
            CallOutcome o = sim.place(CallScript.caller("987000223").dials("911")).get(30, TimeUnit.SECONDS);

            assertThat(o.answeredTarget()).isEqualTo("sc-150122-qu");
            assertThat(o.answeredBy()).contains("PJSIP/disp-es");
        }
    }

    @Test
    void quechuaSpeakerWhoDoesNotAnswerHoldsTheCallForOneRingOnly() throws Exception {
        agi.script("triage", routeInLanguage("qu", "sc-150122"));
        try (SimulatedAsterisk sim = withQuechuaVariant(MemberSpec.named("PJSIP/disp-qu").neverAnswers(),
                MemberSpec.named("PJSIP/disp-es").answerAfter(Duration.ofSeconds(1))).start()) {
            CallOutcome o = sim.place(CallScript.caller("987000224").dials("911")).get(30, TimeUnit.SECONDS);

            assertThat(o.answeredBy()).contains("PJSIP/disp-es");
            assertThat(o.variables()).containsEntry("QUEUESTATUS", "CONTINUE");
        }
    }

    @Test
    void spanishCallerAndACallerOfALanguageWithoutVariantUseThePlainQueue() throws Exception {
        for (String language : new String[] {"es", "ay"}) {
            agi.script("triage", routeInLanguage(language, "sc-150122"));
            try (SimulatedAsterisk sim = withQuechuaVariant(MemberSpec.named("PJSIP/disp-qu").answerAfter(Duration.ofSeconds(3)),
                    MemberSpec.named("PJSIP/disp-es").answerAfter(Duration.ofSeconds(1))).start()) {
                CallOutcome o = sim.place(CallScript.caller("987000225").dials("911")).get(30, TimeUnit.SECONDS);

                assertThat(o.answeredTarget()).as(language).isEqualTo("sc-150122");
                assertThat(o.answeredBy()).as(language + ": everyone rings, the quicker answers").contains("PJSIP/disp-es");
            }
        }
    }

    @Test
    void unansweredQueueStepAsksRouteNextWhichSendsTheCallToTheAgencyTrunk() throws Exception {
        agi.script("triage", routeTo("QUEUE", "sc-150101", 10, 1));
        agi.script("route-next", (request, channel) -> setRoute(channel, "DIAL", "PJSIP/105@trunk-pnp", 30, 1));
        try (SimulatedAsterisk sim = sim().queue(QueueSpec.named("sc-150101")
                .member(MemberSpec.named("PJSIP/disp-02").neverAnswers())).start()) {
            CallOutcome o = sim.place(CallScript.caller("987000111").dials("911")).get(30, TimeUnit.SECONDS);

            assertThat(o.agiScripts()).containsExactly("triage", "route-next");
            assertThat(agi.requests).containsExactly("triage 911", "route-next TIMEOUT");
            assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(o.answeredBy()).contains("trunk-pnp");
            assertThat(o.answeredTarget()).isEqualTo("PJSIP/105@trunk-pnp");
            assertThat(o.variables()).containsEntry("DIALSTATUS", "ANSWER").containsEntry("CU_LAST_STATUS", "TIMEOUT");
        }
    }

    @Test
    void trunkDownGivesChanunavailToRouteNext() throws Exception {
        agi.script("triage", routeTo("DIAL", "PJSIP/105@trunk-pnp", 30, 1));
        agi.script("route-next", (request, channel) -> setRoute(channel, "QUEUE", "cic-sc", 30, 1));
        try (SimulatedAsterisk sim = sim().start()) {
            sim.trunk("trunk-pnp").down();
            CallOutcome o = sim.place(CallScript.caller("987000222").dials("105")).get(30, TimeUnit.SECONDS);

            assertThat(agi.requests).containsExactly("triage 105", "route-next CHANUNAVAIL");
            assertThat(o.answeredBy()).contains("PJSIP/cic-01");
            assertThat(o.fallback()).isFalse();
        }
    }

    @Test
    void unreachableAgiServerSendsTheCallerToTheFallbackQueue() throws Exception {
        try (SimulatedAsterisk sim = sim().start()) {
            sim.faults().agiUnreachable(true);
            CallOutcome o = sim.place(CallScript.caller("987000333").dials("911")).get(30, TimeUnit.SECONDS);

            assertThat(o.variables()).containsEntry("AGISTATUS", "FAILURE");
            assertThat(o.fallback()).isTrue();
            assertThat(o.disposition()).isEqualTo(Disposition.ANSWERED);
            assertThat(o.answeredTarget()).isEqualTo("cic-sc");
            assertThat(o.dialplanTrace()).contains("cu-fallback,s,4 Queue(cic-sc,c)");
            assertThat(agi.requests).isEmpty();
        }
    }

    @Test
    void nodeThatStopsTalkingMidTriageLosesTheCallerToTheFallbackAtTheDeadline() throws Exception {
        agi.script("triage", (request, channel) -> {
            channel.answer();
            try {
                Thread.sleep(8_000); // frozen, socket open, no reply
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Slower time (the deadline also counts real time, and the caller's patience is simulated time).
        try (SimulatedAsterisk sim = sim().timeScale(0.2).start()) {
            CallOutcome o = sim.place(CallScript.caller("987000666").dials("911")).get(30, TimeUnit.SECONDS);

            assertThat(o.dialplanTrace()).contains("cu-triage,T,1 NoOp(Central Unica: triage on " + o.channel()
                    + " passed its deadline at agi://127.0.0.1:" + agi.port() + " (node frozen?))", "cu-route,s,1 GotoIf(1?cu-fallback,s,1)");
            assertThat(o.variables()).containsEntry("AGISTATUS", "HANGUP");
            assertThat(o.fallback()).isTrue();
            assertThat(o.answeredBy()).contains("PJSIP/cic-01");
            // The deadline (3 s, counted in real time too: 15 s at this time scale) + the agent's answer 3 s + talk
            // 20 s — not the 40 s (8 s real) the node stayed silent.
            assertThat(o.duration()).isBetween(Duration.ofSeconds(36), Duration.ofSeconds(50));
        }
    }

    @Test
    void serverThatClosesAtOnceLeavesAgiSuccessWithoutRouteAndTheCallStillReachesAHuman() throws Exception {
        agi.script("triage", (request, channel) -> { });
        try (SimulatedAsterisk sim = sim().start()) {
            CallOutcome o = sim.place(CallScript.caller("987000444").dials("911")).get(30, TimeUnit.SECONDS);

            assertThat(o.variables()).containsEntry("AGISTATUS", "SUCCESS").containsEntry("CU_ROUTE_OK", "");
            assertThat(o.fallback()).isTrue();
            assertThat(o.answeredBy()).contains("PJSIP/cic-01");
        }
    }

    @Test
    void callerWhoHangsUpWhileQueuedIsAbandoned() throws Exception {
        agi.script("triage", routeTo("QUEUE", "sc-150122", 300, 1));
        try (SimulatedAsterisk sim = sim().queue(QueueSpec.named("sc-150122")
                .member(MemberSpec.named("PJSIP/disp-01").loggedOut())).start()) {
            CallOutcome o = sim.place(CallScript.caller("987000555").dials("116").hangsUpAfter(Duration.ofSeconds(40)))
                    .get(30, TimeUnit.SECONDS);

            assertThat(o.disposition()).isEqualTo(Disposition.ABANDONED);
            assertThat(o.answeredBy()).isEmpty();
            assertThat(sim.queue("sc-150122").abandoned()).isEqualTo(1);
            assertThat(o.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(40));
        }
    }

    @Test
    void panicButtonRunsThePanicScript() throws Exception {
        agi.script("panic", (request, channel) -> setRoute(channel, "QUEUE", "cic-sc", 30, 10));
        try (SimulatedAsterisk sim = sim().start()) {
            CallOutcome o = sim.place(CallScript.panicButton("PB-0042")).get(30, TimeUnit.SECONDS);

            assertThat(agi.requests).containsExactly("panic 911");
            assertThat(o.variables()).containsEntry("QUEUE_PRIO", "10");
            assertThat(o.answeredBy()).contains("PJSIP/cic-01");
        }
    }
}
