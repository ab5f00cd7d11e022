package pe.centralunica.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import pe.centralunica.simulator.internal.AmiServer;
import pe.centralunica.simulator.internal.CallRun;
import pe.centralunica.simulator.internal.Dialplan;
import pe.centralunica.simulator.internal.Engine;
import pe.centralunica.simulator.internal.SimClock;
import pe.centralunica.simulator.internal.Stats;

/**
 * An Asterisk 20 stand-in: runs the dialplan for simulated callers, connects to our FastAGI server as res_agi
 * does, queues callers for simulated dispatchers, dials simulated trunks and serves AMI. Embedded in tests and
 * the demo, or run as a separate process ({@link SimulatorMain}).
 */
public final class SimulatedAsterisk implements AutoCloseable {
    private final Engine engine;
    private final AmiServer ami;

    private SimulatedAsterisk(Engine engine, AmiServer ami) {
        this.engine = engine;
        this.ami = ami;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Places a call now; the future completes when the call has ended. */
    public CompletableFuture<CallOutcome> place(CallScript script) {
        Objects.requireNonNull(script, "script");
        CallRun run = CallRun.forScript(engine, script);
        return CompletableFuture.supplyAsync(run::run, engine.calls());
    }

    /** The AMI port (the bound one when configured with 0), or -1 without AMI. */
    public int amiPort() {
        return ami == null ? -1 : ami.port();
    }

    public Faults faults() {
        return engine.faults;
    }

    public TrunkControl trunk(String name) {
        return engine.trunk(name).orElseThrow(() -> new IllegalArgumentException("no trunk " + name));
    }

    public QueueControl queue(String name) {
        return engine.queue(name).orElseThrow(() -> new IllegalArgumentException("no queue " + name));
    }

    /** Simulated milliseconds since start (what scripted durations are measured in). */
    public long simulatedMillis() {
        return engine.clock.nowMillis();
    }

    public double timeScale() {
        return engine.clock.scale();
    }

    public RunSummary summary() {
        Stats s = engine.stats;
        return new RunSummary(s.placed.sum(), s.answered.sum(), s.abandoned.sum(), s.failed.sum(), s.fallback.sum(),
                s.agiSessions.sum(), s.agiFailures.sum(), s.agiCommands.sum(), s.agiLatencyMicros(50),
                s.agiLatencyMicros(95), s.agiLatencyMicros(99));
    }

    @Override
    public void close() {
        if (ami != null) ami.close();
        engine.close();
    }

    public static final class Builder {
        private String agiHost;
        private int agiPort = 4573;
        private Path dialplanFile;
        private String dialplanText;
        private final List<QueueSpec> queues = new ArrayList<>();
        private final List<TrunkSpec> trunks = new ArrayList<>();
        private Integer amiPort;
        private String amiUser;
        private String amiSecret;
        private String amiBindHost = "127.0.0.1";
        private pe.centralunica.simulator.internal.AmiEventPermissions amiPermissions =
                pe.centralunica.simulator.internal.AmiEventPermissions.all();
        private double timeScale = 1.0;
        private long seed = 1;
        private Duration agiConnectTimeout = Duration.ofSeconds(2);
        private final List<java.util.function.Consumer<Engine>> engineSetup = new ArrayList<>();

        private Builder() {
        }

        /**
         * Where our FastAGI server listens: sets the dialplan global {@code CU_AGI} to {@code agi://host:port}, the
         * prefix the project's dialplan builds its AGI() URLs from.
         */
        public Builder agiServer(String host, int port) {
            this.agiHost = host;
            this.agiPort = port;
            return this;
        }

        /**
         * Several FastAGI nodes, tried in this order by the project's dialplan: the globals {@code CU_AGI_1},
         * {@code CU_AGI_2}, … ({@code agi://host:port} each); {@code CU_AGI} is the first.
         */
        public Builder agiNodes(List<String> urls) {
            if (urls.isEmpty()) throw new IllegalArgumentException("at least one FastAGI node");
            List<String> copy = List.copyOf(urls);
            engineSetup.add(e -> {
                e.globals.put("CU_AGI", copy.getFirst());
                for (int i = 0; i < copy.size(); i++) e.globals.put("CU_AGI_" + (i + 1), copy.get(i));
            });
            return this;
        }

        /** Another extensions.conf than the project's ({@code asterisk/extensions.conf} on the classpath). */
        public Builder dialplan(Path file) {
            this.dialplanFile = file;
            return this;
        }

        /** A dialplan given as text (tests). */
        public Builder dialplanText(String extensionsConf) {
            this.dialplanText = extensionsConf;
            return this;
        }

        public Builder queue(QueueSpec queue) {
            queues.add(queue);
            return this;
        }

        public Builder trunk(TrunkSpec trunk) {
            trunks.add(trunk);
            return this;
        }

        /** Serves AMI on 127.0.0.1:{@code port} (0 = any free port) for one user. */
        public Builder ami(int port, String user, String secret) {
            this.amiPort = port;
            this.amiUser = user;
            this.amiSecret = secret;
            return this;
        }

        /**
         * The AMI user's manager.conf {@code read} classes and advanced exclude filters (default: {@code read = all},
         * no filter). As on Asterisk 20, an event of a class not read, or matched by a filter, is not sent.
         */
        public Builder amiRead(String classes, List<pe.centralunica.simulator.internal.AmiEventPermissions.Exclude> excludes) {
            this.amiPermissions = pe.centralunica.simulator.internal.AmiEventPermissions.reading(classes, excludes);
            return this;
        }

        /**
         * The AMI user's {@code read} classes and advanced filters (include and exclude) as the section {@code user} of
         * {@code managerConf} gives them — e.g. the manager.conf sip-config generates — applied as Asterisk 20 does.
         */
        public Builder amiReadAs(String managerConf, String user) {
            this.amiPermissions = pe.centralunica.simulator.internal.AmiEventPermissions.fromManagerConf(managerConf, user);
            return this;
        }

        /** The address AMI binds to (default 127.0.0.1). */
        public Builder amiBindHost(String host) {
            this.amiBindHost = host;
            return this;
        }

        /** Real seconds per simulated second (0.01: a 40 s call lasts 0.4 s). */
        public Builder timeScale(double scale) {
            this.timeScale = scale;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Real-time limit for connecting to the FastAGI server (default 2 s). */
        public Builder agiConnectTimeout(Duration d) {
            this.agiConnectTimeout = d;
            return this;
        }

        /** A prompt's length (STREAM FILE endpos, GET DATA timing); others last 2 s, "beep" 0.44 s. */
        public Builder sound(String name, Duration length) {
            engineSetup.add(e -> e.sounds.register(name, length.toMillis() * 8));
            return this;
        }

        /** How long every prompt not registered with {@link #sound} plays (default 2 s). */
        public Builder defaultSoundLength(Duration length) {
            engineSetup.add(e -> e.sounds.defaultSamples(length.toMillis() * 8));
            return this;
        }

        /** A prompt that does not exist ({@code 200 result=-1 endpos=0}). */
        public Builder missingSound(String name) {
            engineSetup.add(e -> e.sounds.markMissing(name));
            return this;
        }

        public SimulatedAsterisk start() {
            Dialplan dp = dialplanText != null ? Dialplan.parse(dialplanText)
                    : dialplanFile != null ? Dialplan.load(dialplanFile) : Dialplan.loadDefault();
            Engine engine = new Engine(new SimClock(timeScale), dp, queues, trunks, seed, agiConnectTimeout);
            if (agiHost != null) {
                engine.globals.put("CU_AGI", "agi://" + agiHost + ":" + agiPort);
                engine.globals.put("CU_AGI_1", "agi://" + agiHost + ":" + agiPort);
            }
            for (var s : engineSetup) s.accept(engine);
            AmiServer ami = null;
            if (amiPort != null) {
                try {
                    ami = AmiServer.start(engine, amiBindHost, amiPort, amiUser, amiSecret, amiPermissions);
                } catch (IOException e) {
                    engine.close();
                    throw new UncheckedIOException("cannot listen for AMI on port " + amiPort, e);
                }
            }
            return new SimulatedAsterisk(engine, ami);
        }
    }
}
