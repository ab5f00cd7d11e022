package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.QueueAddAction;
import org.asteriskjava.manager.event.AgiExecStartEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import pe.centralunica.app.Node;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.testing.TestEnvironment;
import pe.centralunica.db.Database;
import pe.centralunica.db.DatabaseSettings;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.sipconfig.asterisk.AsteriskConfigGenerator;
import pe.centralunica.sipconfig.asterisk.ContractDialplan;
import pe.centralunica.sipconfig.asterisk.GeneratorSettings;
import pe.centralunica.sipconfig.asterisk.Secrets;
import pe.centralunica.sipconfig.topology.JdbcTopologyRepository;
import pe.centralunica.sipconfig.topology.SipTopology;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole call path on a real Asterisk 20: a fresh test database, the configuration sip-config GENERATES from
 * it (AGI URL at this node's FastAGI port, manager.conf and PJSIP on loopback free ports), the prompts rendered by
 * {@code ivr/prompts/render.sh}, a node in this JVM tracking Asterisk over AMI, and every queue staffed by one
 * member that rings forever — so a caller's time from answer to joining a queue can be read from AMI events.
 */
final class RealCallPath implements AutoCloseable {

    static final String AMI_USER = "central-unica";
    static final String AMI_SECRET = "real-asterisk-test";
    static final String OBSERVER = "cu-test-observer";
    static final String MONITOR_SECRET = "monitor-test";

    private final DatabaseSettings settings;
    private final Database db;
    private final boolean ownsDatabase;
    private final AutoCloseable node;
    private final RealAsterisk asterisk;
    private final AmiEvents ami;
    private final int sipPort;
    private final int amiPort;

    private RealCallPath(DatabaseSettings settings, Database db, boolean ownsDatabase, AutoCloseable node, RealAsterisk asterisk,
                         AmiEvents ami, int sipPort, int amiPort) {
        this.settings = settings;
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.node = node;
        this.asterisk = asterisk;
        this.ami = ami;
        this.sipPort = sipPort;
        this.amiPort = amiPort;
    }

    /** Starts the node under test from its CU_* environment: in this JVM, or as its own process (for signals). */
    @FunctionalInterface
    interface NodeLauncher {
        AutoCloseable start(Map<String, String> env) throws Exception;
    }

    /** Seeds the database with {@code seed} (panic buttons, trunks, marks…), then starts everything. */
    static RealCallPath start(String suite, SqlSeed seed, Map<String, String> nodeEnv) throws Exception {
        return start(suite, seed, nodeEnv, false);
    }

    /**
     * As {@link #start(String, SqlSeed, Map)}; with {@code syntheticCalls} the node's SIP watch places its synthetic
     * monitoring calls (defaults: CU_SYNTHETIC_NUMBER, CU_SYNTHETIC_DIGITS) to this Asterisk's PJSIP port.
     */
    static RealCallPath start(String suite, SqlSeed seed, Map<String, String> nodeEnv, boolean syntheticCalls) throws Exception {
        return start(suite, seed, nodeEnv, syntheticCalls, files -> {
        });
    }

    /** As above; {@code edit} changes the generated files (e.g. members replaced by scripted agents) before the start. */
    static RealCallPath start(String suite, SqlSeed seed, Map<String, String> nodeEnv, boolean syntheticCalls,
                              Consumer<Map<String, String>> edit) throws Exception {
        return start(suite, seed, nodeEnv, syntheticCalls, edit,
                env -> Node.start(AppSettings.from(new Environment(env), true), false));
    }

    /** The same with the node started by {@code launcher} (e.g. as its own process, to send it signals). */
    static RealCallPath start(String suite, SqlSeed seed, Map<String, String> nodeEnv, NodeLauncher launcher) throws Exception {
        return start(suite, seed, nodeEnv, false, files -> {
        }, launcher, List.of());
    }

    /**
     * The dialplan lists {@code nodesAhead} ({@code agi://host:port}, tried in this order) before this node, as
     * {@code asterisk-config --agi-nodes} writes it for several nodes.
     */
    static RealCallPath startBehind(String suite, List<String> nodesAhead) throws Exception {
        return start(suite, SqlSeed.none(), Map.of(), false, files -> {
        }, env -> Node.start(AppSettings.from(new Environment(env), true), false), nodesAhead);
    }

    /**
     * As {@link #startBehind(String, List)} with the node started by {@code launcher}: a cluster test lists its nodes'
     * FastAGI ports ahead of the launched node's (CU_AGI_PORT, which the launcher may change).
     */
    static RealCallPath startBehind(String suite, List<String> nodesAhead, NodeLauncher launcher) throws Exception {
        return start(suite, SqlSeed.none(), Map.of(), false, files -> {
        }, launcher, nodesAhead);
    }

    /**
     * A second Asterisk with its own node, on {@code first}'s database (already migrated): what a city with several
     * Asterisk servers runs. Closing it leaves the database to {@code first}.
     */
    static RealCallPath alongside(RealCallPath first, String suite, NodeLauncher launcher) throws Exception {
        return start(suite, SqlSeed.none(), Map.of(), false, files -> {
        }, launcher, List.of(), Optional.of(first));
    }

    /** The general form: generated files changed by {@code edit}, the node started by {@code launcher}. */
    static RealCallPath start(String suite, SqlSeed seed, Map<String, String> nodeEnv, boolean syntheticCalls,
                              Consumer<Map<String, String>> edit, NodeLauncher launcher) throws Exception {
        return start(suite, seed, nodeEnv, syntheticCalls, edit, launcher, List.of());
    }

    private static RealCallPath start(String suite, SqlSeed seed, Map<String, String> nodeEnv, boolean syntheticCalls,
                                      Consumer<Map<String, String>> edit, NodeLauncher launcher, List<String> nodesAhead)
            throws Exception {
        return start(suite, seed, nodeEnv, syntheticCalls, edit, launcher, nodesAhead, Optional.empty());
    }

    private static RealCallPath start(String suite, SqlSeed seed, Map<String, String> nodeEnv, boolean syntheticCalls,
                                      Consumer<Map<String, String>> edit, NodeLauncher launcher, List<String> nodesAhead,
                                      Optional<RealCallPath> sharing) throws Exception {
        boolean ownsDatabase = sharing.isEmpty();
        DatabaseSettings settings = sharing.map(p -> p.settings).orElseGet(TestDatabases::freshSettings);
        Database db = sharing.map(p -> p.db).orElseGet(() -> Database.open(settings));
        RealAsterisk asterisk = null;
        AutoCloseable node = null;
        AmiEvents ami = null;
        try {
            if (ownsDatabase) {
                db.migrate();
                try (Connection c = db.dataSource().getConnection()) {
                    seed.apply(c);
                }
            }
            int agiPort = RealAsterisk.freePort();
            int amiPort = RealAsterisk.freePort();
            int sipPort = RealAsterisk.freePort();
            SipTopology topology = new JdbcTopologyRepository(db.dataSource()).load();
            Map<String, String> secrets = new HashMap<>();
            secrets.put("ami-" + AMI_USER, AMI_SECRET);
            secrets.put("cu-monitor", MONITOR_SECRET);
            topology.phones().forEach(p -> secrets.put(p.endpoint(), "phone-secret"));
            topology.panicDevices().forEach(p -> secrets.put(p.endpoint(), "panic-secret"));
            topology.trunks().forEach(t -> secrets.put(t.endpoint(), "trunk-secret"));
            GeneratorSettings generator = new GeneratorSettings("agi://127.0.0.1:" + agiPort, AMI_USER,
                    List.of("127.0.0.1/255.255.255.255"), "127.0.0.1:" + sipPort, "cu-monitor", "alaw,ulaw", Optional.empty(), List.of(),
                    "127.0.0.1", amiPort,
                    Optional.ofNullable(nodeEnv.get("CU_RECORDING_DIR"))); // the same directory for Asterisk and the node
            if (!nodesAhead.isEmpty()) {
                generator = generator.withAgiNodes(java.util.stream.Stream.concat(nodesAhead.stream(),
                        java.util.stream.Stream.of(generator.agiUrl())).toList());
            }
            Map<String, String> files = new HashMap<>(new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), generator,
                    Secrets.of(secrets)).generate(topology));
            // What a test adds to the generated files: scripted callers and agents, and an observer on AMI.
            files.put(AsteriskConfigGenerator.MANAGER, files.get(AsteriskConfigGenerator.MANAGER)
                    // The test's own observer also reads AGI events (AGIExecStart: when the IVR answered).
                    + "\n[" + OBSERVER + "]\nsecret = " + AMI_SECRET + "\ndeny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\n"
                    + "read = all\nwrite = all\n");
            files.put(AsteriskConfigGenerator.EXTENSIONS, files.get(AsteriskConfigGenerator.EXTENSIONS) + ScriptedCaller.dialplan());
            edit.accept(files);
            // Short: Asterisk's control socket lives under it, and a Unix socket path is limited to 108 bytes.
            Path rundir = Path.of("target", "ast", suite + "-" + System.currentTimeMillis() % 1_000_000).toAbsolutePath();
            asterisk = RealAsterisk.start(rundir, files);
            ami = AmiEvents.connect(amiPort, OBSERVER, AMI_SECRET);
            for (SipTopology.QueueDef q : topology.queues()) {
                QueueAddAction add = new QueueAddAction(q.name(), "Local/ring@cu-test-agents/n");
                add.setMemberName("test-agent-" + q.name());
                ami.connection().sendAction(add, 10_000);
            }
            Map<String, String> env = TestEnvironment.node(settings);
            env.put("CU_AGI_PORT", Integer.toString(agiPort));
            env.put("CU_AMI_HOST", "127.0.0.1");
            env.put("CU_AMI_PORT", Integer.toString(amiPort));
            env.put("CU_AMI_USER", AMI_USER);
            env.put("CU_AMI_SECRET", AMI_SECRET);
            // Asterisk's queue log, on the same host: the tracker reads what an AMI outage hid from it there.
            env.put("CU_ASTERISK_QUEUE_LOG", asterisk.rundir().resolve("log/queue_log").toString());
            env.put("CU_ASTERISK_CDR_LOG", asterisk.rundir().resolve("log/cdr-custom/" + AsteriskConfigGenerator.CDR_LOG_FILE).toString());
            if (syntheticCalls) {
                env.put("CU_SIP_AGENT_HOST", "127.0.0.1");
                env.put("CU_SIP_AGENT_PORT", Integer.toString(RealAsterisk.freePort()));
                env.put("CU_SYNTHETIC_TARGET", "127.0.0.1:" + sipPort);
                env.put(Secrets.environmentVariable("cu-monitor"), MONITOR_SECRET);
            }
            env.putAll(nodeEnv);
            node = launcher.start(env);
            return new RealCallPath(settings, db, ownsDatabase, node, asterisk, ami, sipPort, amiPort);
        } catch (Exception | Error e) {
            if (ami != null) ami.close();
            if (node != null) node.close();
            if (asterisk != null) asterisk.close();
            if (ownsDatabase) db.close();
            throw e;
        }
    }

    @FunctionalInterface
    interface SqlSeed {
        void apply(Connection c) throws Exception;

        static SqlSeed none() {
            return c -> {
            };
        }
    }

    /** What a placed call did, on Asterisk's clock. */
    record Joined(String channel, String queue, double answerToQueueSeconds) {
    }

    /** Places the call and waits (up to 40 s) until it joins a queue; the caller is then hung up. */
    Joined callUntilQueued(ScriptedCaller caller) throws Exception {
        place(caller);
        return awaitQueued(caller);
    }

    /** Places every call at once (callers do not wait for each other), then waits for each to join a queue. */
    List<Joined> callAllUntilQueued(List<ScriptedCaller> callers) throws Exception {
        for (ScriptedCaller c : callers) {
            place(c);
        }
        List<Joined> joined = new java.util.ArrayList<>();
        for (ScriptedCaller c : callers) {
            joined.add(awaitQueued(c));
        }
        return joined;
    }

    Joined awaitQueued(ScriptedCaller caller) throws Exception {
        Joined j = awaitQueuedStillWaiting(caller);
        hangUp(j.channel());
        return j;
    }

    /** As {@link #awaitQueued} but the caller stays in the queue (the test hangs up). */
    Joined awaitQueuedStillWaiting(ScriptedCaller caller) throws Exception {
        Optional<QueueCallerJoinEvent> join = ami.await(QueueCallerJoinEvent.class,
                e -> caller.callerId().equals(e.getCallerIdNum()), Duration.ofSeconds(40));
        if (join.isEmpty()) {
            throw new AssertionError("caller " + caller.callerId() + " did not join a queue within 40 s; see " + asterisk.log());
        }
        QueueCallerJoinEvent j = join.get();
        double answeredAt = answeredAt(j.getChannel()).orElseThrow(() -> new AssertionError(
                "no AGIExecStart seen for " + j.getChannel() + "; is the observer's AMI user reading 'agi' events?"));
        return new Joined(j.getChannel(), j.getQueue(), j.getTimestamp() - answeredAt);
    }

    /** Seconds on Asterisk's clock from the call entering [cu-triage] to joining {@code j}'s queue: every node tried counts. */
    double arrivalToQueueSeconds(Joined j) {
        double entered = ami.of(org.asteriskjava.manager.event.NewExtenEvent.class,
                        e -> j.channel().equals(e.getChannel()) && "cu-triage".equals(e.getContext()))
                .stream().map(e -> e.getTimestamp()).min(Double::compare)
                .orElseThrow(() -> new AssertionError("no Newexten in [cu-triage] for " + j.channel()));
        double joined = ami.of(QueueCallerJoinEvent.class, e -> j.channel().equals(e.getChannel())).getFirst().getTimestamp();
        return joined - entered;
    }

    /** Asterisk's time when the IVR answered this caller (AGI ANSWER), or when the panic script started. */
    private Optional<Double> answeredAt(String channel) {
        List<AgiExecStartEvent> starts = ami.of(AgiExecStartEvent.class, e -> channel.equals(e.getChannel()));
        return starts.stream().filter(e -> e.getCommand() != null && e.getCommand().startsWith("ANSWER")).findFirst()
                .or(() -> starts.stream().findFirst()).map(e -> e.getTimestamp());
    }

    void place(ScriptedCaller caller) throws Exception {
        OriginateAction o = new OriginateAction();
        o.setChannel(caller.localChannel());
        o.setContext(caller.context());
        o.setExten(caller.number());
        o.setPriority(1);
        o.setCallerId("\"Test caller\" <" + caller.callerId() + ">");
        o.setAsync(true);
        o.setTimeout(30_000L);
        ManagerResponse r = ami.connection().sendAction(o, 10_000);
        if (!"Success".equalsIgnoreCase(r.getResponse())) {
            throw new IllegalStateException("Originate refused: " + r.getMessage());
        }
    }

    void hangUp(String channel) throws Exception {
        asterisk.cli("channel request hangup " + channel);
    }

    /** The first column of the first row of the caller's latest call record (waits up to 20 s for a non-null value). */
    String record(String column, String callerId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM call WHERE caller_number = ? ORDER BY arrived_at DESC LIMIT 1")) {
                ps.setString(1, callerId);
                try (ResultSet rs = ps.executeQuery()) {
                    last = rs.next() ? rs.getString(1) : null;
                }
            }
            if (last != null) {
                return last;
            }
            Thread.sleep(100);
        }
        return last;
    }

    Database db() {
        return db;
    }

    /** The in-JVM node (the default launcher). */
    Node node() {
        return (Node) node;
    }

    /** The node under test, whatever launched it. */
    AutoCloseable nodeUnderTest() {
        return node;
    }

    RealAsterisk asterisk() {
        return asterisk;
    }

    AmiEvents ami() {
        return ami;
    }

    int sipPort() {
        return sipPort;
    }

    /** A second AMI session as the node's own user: sees exactly the events the node's tracker is sent. */
    AmiEvents amiAsTheNode() throws Exception {
        return AmiEvents.connect(amiPort, AMI_USER, AMI_SECRET);
    }

    @Override
    public void close() throws Exception {
        try {
            ami.close();
            node.close();
        } finally {
            try {
                asterisk.close();
            } finally {
                if (ownsDatabase) db.close();
            }
        }
    }
}
