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
    private final Thread generator;

    private DemoTraffic(SimulatedAsterisk asterisk, Thread generator) {
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
        Thread generator = Thread.ofVirtual().name("demo-traffic").unstarted(() -> {
            if (callsPerMinute <= 0) {
                return;
            }
            try {
                new LoadGenerator(asterisk, LoadProfile.poisson(callsPerMinute / 60.0).lasting(Duration.ofDays(30)),
                        System.nanoTime()).run(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Demo traffic stopped: {}", e.toString());
            }
        });
        generator.start();
        LOG.info("Demo traffic: a simulated Asterisk places ~{} calls/min into FastAGI port {}; its AMI listens on port {} (user {})",
                callsPerMinute, agiPort, asterisk.amiPort(), amiUser);
        return new DemoTraffic(asterisk, generator);
    }

    public int amiPort() {
        return asterisk.amiPort();
    }

    @Override
    public void close() {
        generator.interrupt();
        asterisk.close();
    }
}
