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
 * skipped for legacy numbers), where (panic button, trunk, history, keypad code). Never loops, never hangs
 * up: two silences or wrong keys end in a human with type UNKNOWN.
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
        call.play(flow.prompt(call.language(), "welcome"));

        CallerProfile profile = lookup.await(lookupBudget);
        profile.note().ifPresent(n -> notes.put("callerLookup", n));
        if (profile.prankMarks() > 0) {
            notes.put("prankMarks", Integer.toString(profile.prankMarks()));
        }
        if (profile.flagged()) {
            call.play(flow.prompt(call.language(), "prank-warning"));
        }

        // What happened.
        String type;
        boolean silent = false;
        Optional<String> presetType = inbound == null ? Optional.empty() : inbound.emergencyType();
        if (presetType.isPresent()) {
            type = presetType.get();
        } else if (inbound != null && inbound.kind() == Directory.NumberKind.MUNICIPAL) {
            type = "OTHER";
        } else {
            TypeAnswer answer = askType(call, directory);
            type = answer.type;
            silent = answer.silent;
        }

        // Where.
        Optional<String> district = Optional.empty();
        String source = "NONE";
        Optional<String> numberDistrict = inbound == null ? Optional.empty() : inbound.district();
        if (numberDistrict.isPresent()) {
            district = numberDistrict;
            source = "TRUNK";
        } else if (trunkDistrict.flatMap(directory::district).isPresent()) {
            district = trunkDistrict.map(String::trim);
            source = "TRUNK";
        } else if (profile.lastDistrict().flatMap(directory::district).isPresent()) {
            district = profile.lastDistrict();
            source = "HISTORY";
        } else if (!silent) {
            district = askDistrict(call, directory);
            source = district.isPresent() ? "DTMF" : "NONE";
        }

        CallerClass callerClass = profile.flagged() ? CallerClass.FLAGGED : silent ? CallerClass.SILENT : CallerClass.NORMAL;
        if (profile.flagged() && silent) {
            notes.put("silent", "true");
        }
        call.play(flow.prompt(call.language(), "connecting"));
        return new Triage(type, district, source, callerClass, call.language(), Optional.empty(), notes);
    }

    private record TypeAnswer(String type, boolean silent) {
    }

    private TypeAnswer askType(CallSession call, Directory directory) throws AgiException {
        int attempts = 0;
        boolean heardAnything = false;
        boolean switched = false;
        while (attempts < flow.number(call.language(), "type-menu.attempts")) {
            String lang = call.language();
            Input input = call.ask("type", flow.prompt(lang, "type-menu"), flow.number(lang, "type-menu.timeout-ms"), 1);
            switch (input) {
                case Input.Digits(String keys) -> {
                    heardAnything = true;
                    char key = keys.charAt(0);
                    call.record(CallEventType.DIGIT, CallSession.data("digit", keys, "menu", "type"));
                    if (key == flow.languageKey() && !switched && flow.languages().size() > 1) {
                        switched = true;
                        call.speak(flow.nextLanguage(lang));
                        call.record(CallEventType.LANGUAGE_CHOSEN, CallSession.data("language", call.language()));
                        continue;
                    }
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
                    attempts++;
                    call.record(CallEventType.INVALID_INPUT, CallSession.data("menu", "type", "input", keys,
                            "attempt", Integer.toString(attempts)));
                    if (attempts < flow.number(lang, "type-menu.attempts")) {
                        call.play(flow.prompt(lang, "invalid"));
                    }
                }
                case Input.Timeout() -> {
                    attempts++;
                    call.record(CallEventType.INPUT_TIMEOUT, CallSession.data("menu", "type", "attempt", Integer.toString(attempts)));
                    if (attempts < flow.number(lang, "type-menu.attempts") && !heardAnything) {
                        call.play(flow.prompt(lang, "silent-hint"));
                    }
                }
            }
        }
        // Two silences: maybe someone who cannot talk. Two wrong keys: someone in a hurry. A human either way.
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
