package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiException;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.router.CallerClass;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The universal number's questions, in order: who is calling (prank history), what happened (type menu,
 * skipped for legacy numbers), where (panic button, trunk, history, keypad code). Built for time to a human:
 * every prompt takes keys (a key pressed during the welcome answers the menu), one silence or two wrong keys
 * end in a human with type UNKNOWN, and no question starts after {@code question-deadline-ms}.
 * <p>
 * A flagged caller (enough prank marks) is asked exactly what anyone is asked, in the same time: the legal
 * warning is not an IVR prompt but the queue's announcement (the dialplan plays it while the phones already
 * ring, see {@code CU_FLAGGED}). Only a flagged caller who tells us no emergency type goes to the review desk.
 */
final class TriageFlow {

    private final FlowDefinition flow;
    private final Duration lookupBudget;
    private final String defaultJurisdiction;

    TriageFlow(FlowDefinition flow, Duration lookupBudget, String defaultJurisdiction) {
        this.flow = flow;
        this.lookupBudget = lookupBudget;
        this.defaultJurisdiction = defaultJurisdiction;
    }

    Triage run(CallSession call, Directory directory, String dialled, Optional<String> trunkDistrict,
               CallerLookup.Pending lookup) throws AgiException {
        Map<String, String> notes = new HashMap<>();
        Directory.Inbound inbound = directory.inbound().get(dialled);
        if (inbound == null) {
            notes.put("dialled", "number " + dialled + " is not configured; treated as the universal number");
        }

        call.channel().answer();
        call.speak(flow.defaultLanguage());
        // Type-ahead: a key pressed during the welcome is a language choice or the answer to the type menu.
        Keys keys = new Keys();
        keys.offer(call, call.playTakingKeys(flow.prompt(call.language(), "welcome")), "welcome");

        CallerProfile profile = lookup.await(lookupBudget);
        profile.note().ifPresent(n -> notes.put("callerLookup", n));
        if (profile.prankMarks() > 0) {
            notes.put("prankMarks", Integer.toString(profile.prankMarks()));
        }
        if (profile.flagged()) {
            notes.put("flagged", "true");
        }

        // What happened.
        String type;
        boolean silent = false;
        boolean typeChosen = false;
        Optional<String> presetType = inbound == null ? Optional.empty() : inbound.emergencyType();
        if (presetType.isPresent()) {
            type = presetType.get();
            typeChosen = true;
        } else if (inbound != null && inbound.kind() == Directory.NumberKind.MUNICIPAL) {
            type = "OTHER";
            typeChosen = true;
        } else {
            TypeAnswer answer = askType(call, directory, keys);
            type = answer.type;
            silent = answer.silent;
            typeChosen = !"UNKNOWN".equals(type);
        }

        // Where.
        Optional<String> district = Optional.empty();
        String source = "NONE";
        Optional<String> known = districtWithoutHistory(directory, dialled, trunkDistrict);
        if (known.isPresent()) {
            district = known;
            source = "TRUNK";
        } else if (profile.lastDistrict().flatMap(directory::district).isPresent()) {
            district = profile.lastDistrict();
            source = "HISTORY";
        } else if (!silent && typeChosen && beforeDeadline(call)) {
            // A caller who could not say what happened is asked nothing more: a human asks in person.
            district = askDistrict(call, directory);
            source = district.isPresent() ? "DTMF" : "NONE";
        }

        CallerClass callerClass = callerClass(profile.flagged(), type, silent);
        if (profile.flagged() && silent) {
            notes.put("silent", "true");
        }
        // No "connecting" prompt here (nor the flagged caller's warning): the queue plays them while the caller
        // already waits — the warning as hold music while the phones ring, the announcement to a caller behind another.
        return new Triage(type, district, source, callerClass, call.language(), Optional.empty(), notes, profile.flagged());
    }

    /**
     * The district the number dialled implies, else the trunk's if the directory knows it; empty when only the
     * caller's history or their keys can tell (the caller lookup then needs the history).
     */
    static Optional<String> districtWithoutHistory(Directory directory, String dialled, Optional<String> trunkDistrict) {
        Directory.Inbound inbound = directory.inbound().get(dialled);
        Optional<String> numberDistrict = inbound == null ? Optional.empty() : inbound.district();
        if (numberDistrict.isPresent()) {
            return numberDistrict;
        }
        return trunkDistrict.flatMap(directory::district).isPresent() ? trunkDistrict.map(String::trim) : Optional.empty();
    }

    /**
     * FLAGGED only for a flagged caller who told us no emergency (silent, "5 5", wrong keys): that is the
     * screening. A flagged caller who typed a type, or dialled a number that implies one, is routed like anyone
     * with that type; the record, the screen pop and {@code CU_FLAGGED} still say the number is flagged.
     */
    static CallerClass callerClass(boolean flagged, String type, boolean silent) {
        if (flagged && "UNKNOWN".equals(type)) {
            return CallerClass.FLAGGED;
        }
        return silent ? CallerClass.SILENT : CallerClass.NORMAL;
    }

    /** No new question starts after the flow's deadline: past it, the caller goes to a human with what is known. */
    private boolean beforeDeadline(CallSession call) {
        return call.elapsed().toMillis() < flow.number(call.language(), "question-deadline-ms");
    }

    /**
     * A key the caller typed ahead (during the welcome or a warning), not yet used. A language key is used at
     * once: it switches the language (at most twice per call, so nobody ping-pongs past the budget).
     */
    private final class Keys {
        private Optional<Character> pending = Optional.empty();
        private int switches;

        void offer(CallSession call, Optional<Character> key, String during) throws AgiException {
            if (key.isEmpty() || pending.isPresent()) {
                return;
            }
            if (!switchLanguage(call, key.get(), during)) {
                pending = key;
            }
        }

        boolean switchLanguage(CallSession call, char key, String during) throws AgiException {
            Optional<String> lang = flow.languageForKey(key);
            if (lang.isEmpty() || switches >= 2) {
                return false;
            }
            switches++;
            call.record(CallEventType.DIGIT, CallSession.data("digit", String.valueOf(key), "menu", during));
            call.speak(lang.get());
            call.record(CallEventType.LANGUAGE_CHOSEN, CallSession.data("language", call.language(), "during", during));
            return true;
        }

        Optional<Character> take() {
            Optional<Character> k = pending;
            pending = Optional.empty();
            return k;
        }
    }

    private record TypeAnswer(String type, boolean silent) {
    }

    private TypeAnswer askType(CallSession call, Directory directory, Keys keys) throws AgiException {
        int wrongKeys = 0;
        boolean heardAnything = false;
        boolean asked = false;
        while (true) {
            String lang = call.language();
            Optional<Character> typed = keys.take();
            Input input;
            if (typed.isPresent()) {
                input = new Input.Digits(String.valueOf(typed.get()));
            } else {
                if (asked && !beforeDeadline(call)) {
                    break;
                }
                asked = true;
                input = call.ask("type", flow.prompt(lang, "type-menu"), flow.number(lang, "type-menu.timeout-ms"), 1);
            }
            switch (input) {
                case Input.Digits(String digits) -> {
                    heardAnything = true;
                    char key = digits.charAt(0);
                    if (keys.switchLanguage(call, key, "type")) {
                        continue; // the menu again, in the caller's language (if before the deadline)
                    }
                    call.record(CallEventType.DIGIT, CallSession.data("digit", digits, "menu", "type"));
                    if (key == flow.silentKey()) {
                        char second = call.channel().waitForDigit(flow.number(lang, "silent-confirm.timeout-ms"));
                        if (second == flow.silentKey()) {
                            call.record(CallEventType.DIGIT, CallSession.data("digit", String.valueOf(second), "menu", "silent"));
                            return new TypeAnswer("UNKNOWN", true);
                        }
                    }
                    String type = directory.typeByDigit().get(key);
                    if (type != null) {
                        return new TypeAnswer(type, false);
                    }
                    wrongKeys++;
                    call.record(CallEventType.INVALID_INPUT, CallSession.data("menu", "type", "input", digits,
                            "attempt", Integer.toString(wrongKeys)));
                    if (wrongKeys >= flow.number(lang, "type-menu.attempts") || !beforeDeadline(call)) {
                        return new TypeAnswer("UNKNOWN", false);
                    }
                    keys.offer(call, call.playTakingKeys(flow.prompt(lang, "invalid")), "invalid");
                }
                case Input.Timeout() -> {
                    // One silence is enough: someone who cannot talk must not sit through the menu twice.
                    call.record(CallEventType.INPUT_TIMEOUT, CallSession.data("menu", "type", "attempt", "1"));
                    return new TypeAnswer("UNKNOWN", !heardAnything);
                }
            }
        }
        return new TypeAnswer("UNKNOWN", !heardAnything);
    }

    private Optional<String> askDistrict(CallSession call, Directory directory) throws AgiException {
        String jurisdiction = defaultJurisdiction;
        int digits = directory.longestDistrictCode(jurisdiction);
        int attempts = 0;
        while (attempts < flow.number(call.language(), "district-menu.attempts")) {
            String lang = call.language();
            Input input = call.ask("district", flow.prompt(lang, "district-menu"),
                    flow.number(lang, "district-menu.timeout-ms"), digits);
            attempts++;
            if (input instanceof Input.Digits(String keys)) {
                call.record(CallEventType.DIGIT, CallSession.data("digit", keys, "menu", "district"));
                Optional<String> district = directory.districtByCode(jurisdiction, keys);
                if (district.isPresent()) {
                    return district;
                }
                call.record(CallEventType.INVALID_INPUT, CallSession.data("menu", "district", "input", keys,
                        "attempt", Integer.toString(attempts)));
                if (attempts < flow.number(lang, "district-menu.attempts")) {
                    call.play(flow.prompt(lang, "invalid"));
                }
            } else {
                // No code: the caller may not know it; the metropolitan centre asks in person.
                call.record(CallEventType.INPUT_TIMEOUT, CallSession.data("menu", "district", "attempt", Integer.toString(attempts)));
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
