package pe.centralunica.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened to one simulated call.
 *
 * @param agiScripts     the FastAGI scripts the dialplan ran, in order (e.g. [triage, route-next])
 * @param variables      the channel's variables when it ended (CU_*, QUEUESTATUS, DIALSTATUS, AGISTATUS …)
 * @param answeredBy     the member interface or trunk that answered
 * @param answeredTarget the queue name or dial string that was answered (empty when nobody answered)
 * @param fallback       the call went through the fallback context ({@code cu-fallback})
 * @param dialplanTrace  every executed priority, e.g. {@code cu-route,s,5 Queue(cic-sc,c,,,20)}
 * @param duration       simulated time from the call's arrival to its end
 */
public record CallOutcome(String uniqueid, String linkedid, String channel, List<String> agiScripts,
                          Map<String, String> variables, Optional<String> answeredBy, String answeredTarget,
                          boolean fallback, Disposition disposition, List<String> dialplanTrace, Duration duration) {
    public CallOutcome {
        agiScripts = List.copyOf(agiScripts);
        variables = Map.copyOf(variables);
        dialplanTrace = List.copyOf(dialplanTrace);
    }

    public String variable(String name) {
        return variables.get(name);
    }
}
