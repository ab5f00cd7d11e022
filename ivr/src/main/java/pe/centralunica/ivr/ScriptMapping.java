package pe.centralunica.ivr;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.MappingStrategy;

import java.util.Map;

/** Script name in the AGI URL → script. Anything else gets {@link UnknownScript}, never a closed socket. */
final class ScriptMapping implements MappingStrategy {

    private final Map<String, AgiScript> scripts;
    private final AgiScript unknown;

    ScriptMapping(CallPath path) {
        this.scripts = Map.of(
                "triage", new TriageScript(path),
                "panic", new PanicScript(path),
                "route-next", new RouteNextScript(path));
        this.unknown = new UnknownScript(path);
    }

    @Override
    public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
        String name = request.getScript();
        return name == null ? unknown : scripts.getOrDefault(name, unknown);
    }
}
