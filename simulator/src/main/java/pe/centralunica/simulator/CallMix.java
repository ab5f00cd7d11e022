package pe.centralunica.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Draws realistic callers: which number they dial, whether the call is genuine, silent or a prank, the keys
 * they press (type menu, then the district's two-digit IVR code) and their patience. Deterministic for a given
 * {@link Random}.
 */
public final class CallMix {
    private static final List<String> DISTRICTS = Topology.districts();
    private final LoadProfile profile;

    public CallMix(LoadProfile profile) {
        this.profile = profile;
    }

    public CallScript next(Random r) {
        if (r.nextDouble() < profile.panicShare()) {
            List<String> devices = profile.panicDevices();
            return CallScript.panicButton(devices.get(r.nextInt(devices.size())))
                    .hangsUpAfter(seconds(r, 120, 600));
        }
        double d = r.nextDouble();
        String dialled = d < 0.55 ? "911" : d < 0.75 ? "105" : d < 0.90 ? "116" : d < 0.95 ? "106" : "100";
        boolean legacy = !dialled.equals("911");
        String caller = "9" + String.format("%08d", r.nextInt(100_000_000));
        String district = DISTRICTS.get(r.nextInt(DISTRICTS.size()));
        CallScript s = CallScript.caller(caller).dials(dialled).from(district);
        // Drawn only when asked for, so profiles without it replay the same callers as before.
        if (profile.trunkDistrictShare() > 0 && r.nextDouble() < profile.trunkDistrictShare()) {
            s.variable("CU_TRUNK_DISTRICT", district);
        }
        double improper = legacy ? profile.improperLegacy() : profile.improperUniversal();
        if (r.nextDouble() < improper) {
            if (r.nextBoolean()) {
                return s.hangsUpAfter(seconds(r, 5, 30)); // silent: says nothing, hangs up
            }
            // prank: a random key or two, then hangs up laughing
            return s.pressesAfter(seconds(r, 2, 6), Integer.toString(r.nextInt(10)))
                    .hangsUpAfter(seconds(r, 8, 40));
        }
        int typeKey = 1 + r.nextInt(5);
        int code = 1 + r.nextInt(43);
        // Keys while the prompts play (type-ahead): the district code follows the type key as the district
        // question starts, as the IVR's budget expects of a caller who knows what to press.
        Duration typeAt = seconds(r, 3, 6);
        return s.pressesAfter(typeAt, Integer.toString(typeKey))
                .pressesAfter(typeAt.plus(seconds(r, 2.0, 2.5)), String.format("%02d", code))
                .hangsUpAfter(seconds(r, 90, 600))
                .hangsUpAfterAnswer(seconds(r, 30, 240));
    }

    private static Duration seconds(Random r, double min, double max) {
        return Duration.ofMillis((long) ((min + r.nextDouble() * (max - min)) * 1000));
    }
}
