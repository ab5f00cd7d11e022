package pe.centralunica.sipconfig.sip;

import java.util.List;
import pe.centralunica.sipconfig.topology.SipTopology;

/** A route target whose availability an OPTIONS probe of {@code peer} decides. */
public record ProbeTarget(String targetCode, SipPeer peer) {

    /** Every trunk marked for probing that feeds a route target (agency trunks, district-central gateways). */
    public static List<ProbeTarget> from(SipTopology topology) {
        return topology.trunks().stream()
                .filter(t -> t.probe() && t.targetCode().isPresent())
                .map(t -> new ProbeTarget(t.targetCode().get(), new SipPeer(t.host(), t.port())))
                .toList();
    }
}
