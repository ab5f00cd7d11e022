package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import pe.centralunica.db.journal.CallEventType;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.RouteDecision;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code triage}: the universal number and the numbers folded into it. Arguments: the dialled number, and the
 * district the trunk implies (empty when none).
 */
final class TriageScript extends IvrScript {

    private static final Pattern UBIGEO = Pattern.compile("[0-9]{6}");

    TriageScript(CallPath path) {
        super(path);
    }

    @Override
    boolean handle(AgiRequest request, AgiChannel channel, SessionHolder holder) throws AgiException {
        String rawDialled = argument(request, 0);
        String dialled = number(rawDialled).orElse(number(safe(request.getExtension())).orElse(""));
        CallSession call = arrive(request, channel, holder, dialled);
        Directory directory = path.directory().current();
        Optional<String> trunkDistrict = Optional.of(argument(request, 1)).filter(s -> UBIGEO.matcher(s).matches());
        CallerLookup.Pending lookup = path.lookup().start(request.getCallerIdNumber(),
                TriageFlow.districtWithoutHistory(directory, dialled, trunkDistrict).isEmpty());

        Triage triage = path.triage().run(call, directory, dialled, trunkDistrict, lookup);
        recordTriage(call, triage);
        RouteDecision decision = path.router().decide(facts(triage, directory));
        path.applier().applyDecision(call, decision, callVariables(triage));
        return true;
    }

    private CallFacts facts(Triage t, Directory directory) {
        Optional<String> jurisdiction = t.district().flatMap(directory::district).map(Directory.DistrictRef::jurisdiction);
        return new CallFacts(jurisdiction, t.district(), t.emergencyType(), t.callerClass(),
                path.clock().instant().atZone(path.zone()));
    }

    static void recordTriage(CallSession call, Triage t) {
        Map<String, String> data = new HashMap<>(t.notes());
        data.put("type", t.emergencyType());
        t.district().ifPresent(d -> data.put("district", d));
        data.put("districtSource", t.districtSource());
        data.put("callerClass", t.callerClass().name());
        data.put("language", t.language() == null ? "" : t.language());
        t.panicDevice().ifPresent(p -> {
            data.put("panicDevice", p.deviceId());
            data.put("latitude", p.latitude().toPlainString());
            data.put("longitude", p.longitude().toPlainString());
            data.put("address", p.address());
            p.cameraId().ifPresent(c -> data.put("cameraId", c));
        });
        call.record(CallEventType.TRIAGED, data);
    }

    /** What the dialplan and the dispatcher's screen learn from triage, as channel variables. */
    static Map<String, String> callVariables(Triage t) {
        Map<String, String> v = new java.util.LinkedHashMap<>();
        v.put("CU_TYPE", t.emergencyType());
        v.put("CU_DISTRICT", t.district().orElse(""));
        v.put("CU_CLASS", t.callerClass().name());
        if (t.language() != null) {
            v.put("CU_LANG", t.language());
        }
        if (t.flaggedCaller()) {
            // The dialplan plays the legal warning as hold music (class cu-flagged-<lang>) and as the queue's
            // announcement (language variant <lang>_flagged).
            v.put("CU_FLAGGED", "1");
        }
        return v;
    }
}
