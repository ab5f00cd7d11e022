package pe.centralunica.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A load run: Poisson arrivals at {@code callsPerSecond} (simulated time) for {@code duration}, optional surge
 * steps (×14 after an earthquake), and the call mix. Defaults follow Peru's figures: 77–95 % of calls to the
 * legacy numbers 105/116 are silent, prank or improper (85 % here), fewer on 911 (30 %), 1 % panic buttons.
 */
public final class LoadProfile {
    public record Surge(Duration at, double factor) {
    }

    private final double callsPerSecond;
    private Duration duration = Duration.ofSeconds(60);
    private final List<Surge> surges = new ArrayList<>();
    private double improperLegacy = 0.85;
    private double improperUniversal = 0.30;
    private double panicShare = 0.01;
    private double trunkDistrictShare = 0.0;
    private List<String> panicDevices = defaultPanicDevices();

    private LoadProfile(double callsPerSecond) {
        if (!(callsPerSecond > 0)) throw new IllegalArgumentException("rate must be > 0");
        this.callsPerSecond = callsPerSecond;
    }

    public static LoadProfile poisson(double callsPerSecond) {
        return new LoadProfile(callsPerSecond);
    }

    public LoadProfile lasting(Duration simulated) {
        this.duration = simulated;
        return this;
    }

    /** From {@code at} on, the rate is multiplied by {@code factor} (a step; later steps replace earlier ones). */
    public LoadProfile surgeAt(Duration at, double factor) {
        surges.add(new Surge(at, factor));
        surges.sort((a, b) -> a.at().compareTo(b.at()));
        return this;
    }

    public LoadProfile improperShare(double legacyNumbers, double universalNumber) {
        this.improperLegacy = legacyNumbers;
        this.improperUniversal = universalNumber;
        return this;
    }

    public LoadProfile panicShare(double share) {
        this.panicShare = share;
        return this;
    }

    /**
     * The share of callers whose trunk or DID tells their district (a municipal line, a district's carrier
     * trunk): they arrive with CU_TRUNK_DISTRICT set, as the per-trunk dialplan contexts set it. Default 0.
     */
    public LoadProfile trunkDistrictShare(double share) {
        if (share < 0 || share > 1) throw new IllegalArgumentException("share must be within 0..1");
        this.trunkDistrictShare = share;
        return this;
    }

    /** The caller ids panic buttons present (panic_button.caller_id); default 9000001…9000500. */
    public LoadProfile panicDevices(List<String> callerIds) {
        if (callerIds.isEmpty()) throw new IllegalArgumentException("no panic devices");
        this.panicDevices = List.copyOf(callerIds);
        return this;
    }

    private static List<String> defaultPanicDevices() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 500; i++) ids.add(String.format("9%06d", i));
        return List.copyOf(ids);
    }

    public List<String> panicDevices() { return panicDevices; }
    public double callsPerSecond() { return callsPerSecond; }
    public Duration duration() { return duration; }
    public double improperLegacy() { return improperLegacy; }
    public double improperUniversal() { return improperUniversal; }
    public double panicShare() { return panicShare; }
    public double trunkDistrictShare() { return trunkDistrictShare; }

    /** Calls per simulated second at a simulated instant. */
    public double rateAt(long simMillis) {
        double factor = 1;
        for (Surge s : surges) if (simMillis >= s.at().toMillis()) factor = s.factor();
        return callsPerSecond * factor;
    }
}
