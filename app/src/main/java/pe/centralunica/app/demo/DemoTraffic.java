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
 * trunk staffed) placing a realistic mix of calls, in real time, into this node's FastAGI port — so a fresh
 * machine shows live traffic in /metrics, the records and the console.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoTraffic.class);

    private final SimulatedAsterisk asterisk;
    private final LoadGenerator.Traffic generator;

    private DemoTraffic(SimulatedAsterisk asterisk, LoadGenerator.Traffic generator) {
        this.asterisk = asterisk;
        this.generator = generator;
    }

    /**
     * @param callsPerMinute average arrival rate (Poisson); 0 starts the simulated Asterisk without callers
     * @param amiPort        where the simulated Asterisk's manager interface listens (0 = any free port)
     */
    public static DemoTraffic start(int agiPort, double callsPerMinute, int amiPort, String amiUser, String amiSecret) {
        SimulatedAsterisk asterisk = Topology.apply(SimulatedAsterisk.builder(), 2, 4, Duration.ofSeconds(6), Duration.ofSeconds(45))
                .agiServer("127.0.0.1", agiPort)
                .ami(amiPort, amiUser, amiSecret)
                .timeScale(1.0)
                .seed(System.nanoTime())
                .start();
        // A rate of 0 still starts the simulated Asterisk (its AMI), just without callers.
        LoadGenerator.Traffic generator = new LoadGenerator(asterisk,
                LoadProfile.poisson(Math.max(callsPerMinute, 0.0001) / 60.0), System.nanoTime()).startInBackground();
        LOG.info("Demo traffic: a simulated Asterisk places ~{} calls/min into FastAGI port {}; its AMI listens on port {} (user {})",
                callsPerMinute, agiPort, asterisk.amiPort(), amiUser);
        return new DemoTraffic(asterisk, generator);
    }

    public int amiPort() {
        return asterisk.amiPort();
    }

    @Override
    public void close() {
        generator.close();
        asterisk.close();
    }
}
