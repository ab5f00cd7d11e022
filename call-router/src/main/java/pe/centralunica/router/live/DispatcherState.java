package pe.centralunica.router.live;

import java.util.Optional;

/**
 * A queue member (dispatcher phone) as AMI reports it.
 *
 * @param iface   member interface, e.g. PJSIP/disp-150122-01
 * @param queue   the queue
 * @param onCall  uniqueid of the call connected to this phone, if any
 */
public record DispatcherState(String iface, String name, String queue, boolean loggedIn, boolean paused,
                              boolean busy, Optional<String> onCall) {
}
