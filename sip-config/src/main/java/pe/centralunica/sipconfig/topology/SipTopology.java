package pe.centralunica.sipconfig.topology;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One consistent snapshot of everything the Asterisk configuration follows from: the numbers that reach us,
 * the queues and what can be dialled, the SIP trunks, dispatcher phones and panic buttons. Lists are sorted
 * by their key here, once, so every consumer (generator, validator, probes) sees the same order and the
 * generated files are the same bytes for the same data.
 */
public record SipTopology(List<InboundNumber> inboundNumbers, List<QueueDef> queues, List<DialTarget> dialTargets,
                          List<Trunk> trunks, List<Phone> phones, List<PanicDevice> panicDevices) {

    /** route_target.code of the metropolitan centre's queue: the fallback of every call (call-router's RuleSet.METRO). */
    public static final String METRO_TARGET = "Q-METRO";

    public SipTopology {
        inboundNumbers = sorted(inboundNumbers, Comparator.comparing(InboundNumber::kind).thenComparing(InboundNumber::number));
        queues = sorted(queues, Comparator.comparing(QueueDef::name));
        dialTargets = sorted(dialTargets, Comparator.comparing(DialTarget::code));
        trunks = sorted(trunks, Comparator.comparing(Trunk::endpoint));
        phones = sorted(phones, Comparator.comparing(Phone::endpoint));
        panicDevices = sorted(panicDevices, Comparator.comparing(PanicDevice::deviceId));
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        return list.stream().sorted(order).toList();
    }

    /** The queue of the metropolitan centre, if the data has one (the validator insists on it). */
    public Optional<QueueDef> fallbackQueue() {
        return queues.stream().filter(q -> q.targetCodes().contains(METRO_TARGET)).findFirst();
    }

    public enum NumberKind { UNIVERSAL, LEGACY, MUNICIPAL, DID }

    /** inbound_number: a number Asterisk hands us. DIDs and municipal numbers imply a district. */
    public record InboundNumber(String number, NumberKind kind, Optional<String> district, String description) {
    }

    /**
     * A queue on the Asterisk side: one per distinct QUEUE route target name. {@code members}: interfaces of
     * active dispatchers of the owning agency with a phone (static members; others log in dynamically).
     */
    public record QueueDef(String name, List<String> targetCodes, String agencyCode, String agencyName,
                           List<String> members) {
        public QueueDef {
            targetCodes = targetCodes.stream().sorted().toList();
            members = members.stream().sorted().distinct().toList();
        }
    }

    public enum DialKind { TRUNK, ENDPOINT }

    /** A route target dialled rather than queued: a trunk (with the number dialled on it) or a device endpoint. */
    public record DialTarget(String code, DialKind kind, String endpoint, Optional<String> dialNumber, boolean enabled) {
    }

    public enum Direction { OUTBOUND, INBOUND }

    /** sip_trunk: a SIP peer identified by its address (or by a secret when {@code auth}). */
    public record Trunk(String endpoint, Direction direction, String host, int port, Optional<String> targetCode,
                        Optional<String> district, boolean auth, boolean probe) {
    }

    /**
     * A dispatcher's phone: app_user.phone_interface {@code PJSIP/<endpoint>} of an active user, with the
     * languages the user speaks ({@code es}, {@code qu}, {@code ay}, {@code en}; sorted, never empty).
     */
    public record Phone(String endpoint, String username, Optional<String> agencyCode, List<String> languages) {
        public Phone {
            languages = languages.isEmpty() ? List.of(SPANISH) : languages.stream().sorted().distinct().toList();
        }

        /** A Spanish-only user's phone (the default of app_user.languages). */
        public Phone(String endpoint, String username, Optional<String> agencyCode) {
            this(endpoint, username, agencyCode, List.of(SPANISH));
        }

        /** The queue-member interface of this phone. */
        public String iface() {
            return "PJSIP/" + endpoint;
        }
    }

    /** Everyone's language: callers in it wait in the plain queue, no language variant exists for it. */
    public static final String SPANISH = "es";

    /** An active panic button; its endpoint presents {@code callerId}, which the panic script looks up. */
    public record PanicDevice(String deviceId, String callerId, String district) {
        /** The PJSIP endpoint name of the device. */
        public String endpoint() {
            return "panic-" + deviceId;
        }
    }
}
