package pe.centralunica.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Central Única's Asterisk side as the reference data describes it (db migration V2): a queue per district
 * Serenazgo central ({@code ser-<UBIGEO>}), the metropolitan centre ({@code cic-sc}) and its review queue, a desk
 * queue per agency and a SIP trunk per agency. For the demo, the CLI and load runs.
 */
public final class Topology {
    private Topology() {
    }

    /** The 61 districts' UBIGEO codes: Lima 150101–150143, Callao 070101–070107, Trujillo 130101–130111. */
    public static List<String> districts() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 43; i++) out.add(String.format("1501%02d", i));
        for (int i = 1; i <= 7; i++) out.add(String.format("0701%02d", i));
        for (int i = 1; i <= 11; i++) out.add(String.format("1301%02d", i));
        return out;
    }

    public static final List<String> AGENCIES = List.of("pnp", "cgbvp", "samu", "linea100");

    /**
     * Adds every queue with {@code perQueue} dispatchers ({@code metro} at cic-sc) who answer after
     * {@code answerAfter} and talk for {@code talkFor}, and the four agency trunks, up.
     */
    public static SimulatedAsterisk.Builder apply(SimulatedAsterisk.Builder b, int perQueue, int metro,
                                                  Duration answerAfter, Duration talkFor) {
        return apply(b, perQueue, metro, iface -> MemberSpec.named(iface).answerAfter(answerAfter).talkFor(talkFor),
                answerAfter, talkFor);
    }

    /**
     * The same topology with each dispatcher built by {@code dispatcher} from their phone's interface (e.g. with
     * {@link DispatcherHabits} of their own); the agency trunks answer after {@code trunkAnswerAfter}.
     */
    public static SimulatedAsterisk.Builder apply(SimulatedAsterisk.Builder b, int perQueue, int metro,
                                                  Function<String, MemberSpec> dispatcher,
                                                  Duration trunkAnswerAfter, Duration trunkTalkFor) {
        b.queue(queue("cic-sc", "cic", metro, dispatcher));
        b.queue(queue("cic-review", "review", Math.max(1, perQueue), dispatcher));
        for (String agency : AGENCIES) {
            b.queue(queue("desk-" + agency, "desk-" + agency, perQueue, dispatcher));
            b.trunk(TrunkSpec.named("trunk-" + agency).up().answerAfter(trunkAnswerAfter).talkFor(trunkTalkFor));
        }
        for (String d : districts()) b.queue(queue("ser-" + d, "disp-" + d, perQueue, dispatcher));
        return b;
    }

    private static QueueSpec queue(String name, String prefix, int members, Function<String, MemberSpec> dispatcher) {
        QueueSpec q = QueueSpec.named(name);
        for (int i = 1; i <= members; i++) {
            q.member(dispatcher.apply(String.format("PJSIP/%s-%02d", prefix, i)));
        }
        return q;
    }
}
