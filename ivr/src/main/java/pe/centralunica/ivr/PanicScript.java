package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.router.CallFacts;
import pe.centralunica.router.CallerClass;
import pe.centralunica.router.RouteDecision;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code panic}: a street panic button. No IVR, no answer before a human: the device's location and camera go
 * with the call to its district's Serenazgo at top priority. An unregistered caller in the panic context is
 * still treated as a panic call (it came in on a panic trunk), with the district left to the metropolitan
 * centre.
 */
final class PanicScript extends IvrScript {

    private static final Logger LOG = LoggerFactory.getLogger(PanicScript.class);

    PanicScript(CallPath path) {
        super(path);
    }

    @Override
    boolean handle(AgiRequest request, AgiChannel channel, SessionHolder holder) throws AgiException {
        String dialled = number(argument(request, 0)).orElse("");
        CallSession call = arrive(request, channel, holder, dialled);
        Directory directory = path.directory().current();
        Optional<Directory.PanicDevice> device = Optional.ofNullable(request.getCallerIdNumber())
                .map(directory.panicByCaller()::get);
        Map<String, String> notes = new HashMap<>();
        if (device.isEmpty()) {
            LOG.warn("Panic call {} from unregistered caller id '{}': routed as panic without location",
                    request.getUniqueId(), safe(request.getCallerIdNumber()));
            notes.put("panic", "caller id not registered as a panic button");
        }
        Optional<String> district = device.map(Directory.PanicDevice::district);
        Triage triage = new Triage("UNKNOWN", district, district.isPresent() ? "PANIC_BUTTON" : "NONE",
                CallerClass.PANIC, null, device, notes, false);
        TriageScript.recordTriage(call, triage);
        Optional<String> jurisdiction = district.flatMap(directory::district).map(Directory.DistrictRef::jurisdiction);
        RouteDecision decision = path.router().decide(new CallFacts(jurisdiction, district, "UNKNOWN", CallerClass.PANIC,
                path.clock().instant().atZone(path.zone())));
        path.applier().applyDecision(call, decision, TriageScript.callVariables(triage));
        return true;
    }
}
