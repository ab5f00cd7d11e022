package pe.centralunica.app.realasterisk;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;

import java.util.UUID;

/**
 * The protocol floor of {@link CostPerCallBench}: the AGI commands the node's {@code triage} issues for the
 * bench's scripted caller (911 from a trunk that names the district, key 1 during the welcome), in the same
 * order, with values of the same shape — and nothing else: no lookup, no routing, no journal.
 */
final class ProtocolFloorScript implements AgiScript {

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String extra = channel.getFullVariable("${CHANNEL(linkedid)}|${CU_TEST}|${CU_AGI_DEADLINE}");
        String[] parts = extra == null ? new String[0] : extra.split("\\|", -1);
        int deadline = parts.length > 2 && parts[2].matches("[0-9]+") ? Integer.parseInt(parts[2]) : 0;
        channel.setVariable("CU_CALL_ID", UUID.randomUUID().toString());
        channel.answer();
        channel.setVariable("CHANNEL(language)", "es");
        if (deadline > 0) {
            channel.setVariable("TIMEOUT(absolute)", Integer.toString(deadline + 9));
        }
        char key = channel.streamFile("cu-welcome", "0123456789*#");
        String[] args = request.getArguments();
        String district = args != null && args.length > 1 && args[1] != null ? args[1].trim() : "";
        channel.exec("MSet", "CU_TYPE=" + (key == '1' ? "CRIME" : "UNKNOWN") + ",CU_DISTRICT=" + district
                + ",CU_CLASS=NORMAL,CU_LANG=es,CU_RULE=1,CU_PRIORITY=5,CU_ROUTE_PLAN=Q:ser-150122:30|Q:cic-sc:0"
                + ",CU_TARGET_KIND=QUEUE,CU_TARGET=ser-150122,CU_TARGET_TIMEOUT=30,CU_ROUTE_STEP=0,CU_SEQ=9");
        channel.setVariable("CU_ROUTE_OK", "1");
    }
}
