package pe.centralunica.app.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.simulator.LoadGenerator;
import pe.centralunica.simulator.LoadProfile;
import pe.centralunica.simulator.SimulatedAsterisk;
import pe.centralunica.simulator.Topology;

import java.time.Duration;

/**
 * `demo`'s city: a simulated Asterisk 20 (the reference topology: every district central, agency desk and
 * trunk staffed) whose AMI the node watches and which, once the node is up, places a realistic mix of calls
 * in real time into the node's FastAGI port — so a fresh machine shows live traffic in /metrics, the records
 * and the console.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    public static final String AMI_USER = "central-unica";

    private final SimulatedAsterisk asterisk;
    private final String amiSecret;
    private final long seed;
    private LoadGenerator.Traffic generator;

    private DemoTraffic(SimulatedAsterisk asterisk, String amiSecret, long seed) {
        this.asterisk = asterisk;
        this.amiSecret = amiSecret;
        this.seed = seed;
    }

    /**
     * Starts the simulated Asterisk (no calls yet). Replayable: the dispatchers' paces, each call's ring, talk and
     * wrap-up times and the callers' mix all follow {@code seed} (CU_DEMO_SEED; arrival order still depends on the
     * machine's timing).
     *
     * @param agiPort where the node's FastAGI server will listen
     * @param amiPort where the simulated Asterisk's manager interface listens (0 = any free port)
     */
    public static DemoTraffic prepare(int agiPort, int amiPort, long seed) {
        // A fresh secret per run: the demo's AMI is reachable on this host only while the demo runs.
        String secret = java.util.UUID.randomUUID().toString();
        DemoDispatchers staff = new DemoDispatchers(seed);
        // Dispatchers answer like people (DemoDispatchers); the agencies' trunks pick up after 8 s.
        SimulatedAsterisk asterisk = Topology.apply(SimulatedAsterisk.builder(), 2, 4, staff::member,
                        Duration.ofSeconds(8), Duration.ofSeconds(180))
                .agiServer("127.0.0.1", agiPort)
                .ami(amiPort, AMI_USER, secret)
                .amiBindHost("127.0.0.1")
                .timeScale(1.0)
                .seed(seed)
                .start();
        LOG.info("Demo dispatchers: each with their own pace (usually 4-10 s to answer, 3-15 s call by call, a ring"
                + " missed now and then), seed {}", seed);
        return new DemoTraffic(asterisk, secret, seed);
    }

    /** Begins placing calls (Poisson arrivals, the realistic mix); 0 places none. */
    public void startCalls(double callsPerMinute) {
        if (callsPerMinute > 0) {
            // The registered buttons press now and then (5 %), so panic calls pop with an address and a camera.
            generator = new LoadGenerator(asterisk, LoadProfile.poisson(callsPerMinute / 60.0)
                    .panicDevices(DemoPanicButtons.callerIds()).panicShare(0.05)
                    // Fewer silent and prank calls than the legacy numbers really get (85 %), so the desk has work.
                    .improperShare(0.5, 0.15)
                    // Most calls arrive on a line that tells their district (municipal DIDs, district trunks).
                    .trunkDistrictShare(0.7), seed)
                    .startInBackground();
        }
        LOG.info("Demo traffic: a simulated Asterisk places ~{} calls/min; its AMI listens on 127.0.0.1:{}",
                callsPerMinute, asterisk.amiPort());
    }

    public int amiPort() {
        return asterisk.amiPort();
    }

    public String amiSecret() {
        return amiSecret;
    }

    @Override
    public void close() {
        if (generator != null) {
            generator.close();
        }
        asterisk.close();
    }
}
