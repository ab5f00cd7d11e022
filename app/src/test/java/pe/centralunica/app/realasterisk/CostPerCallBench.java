package pe.centralunica.app.realasterisk;

import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.OriginateAction;
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

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 16's benchmark: CPU per call on a real Asterisk 20, the node against the protocol floor. One private
 * reference Asterisk on the dialplan sip-config generates; the node (its own JVM, {@code Main serve}) and
 * {@link FloorAgiServer} (stock asterisk-java, its own JVM) side by side on two FastAGI ports, each load driven at
 * the node and right after at the floor (each call's {@code CU_AGI_1} names the server); the same scripted
 * callers — 911 from a trunk naming the district, key 1 pressed 1.5 s into the welcome — originated as Local
 * channels at a fixed rate for a bounded time per load. Then the AMI-tracking loads, on a node of their own. The AGI step is followed by a bench context that logs
 * whether the call was routed (CU_ROUTE_OK) and hangs up: no queue, so the figures are the IVR's own.
 *
 * <p>CPU from {@code /proc/<pid>/stat}: the node, the floor, Asterisk, and the PostgreSQL backends connected
 * to the bench's database. Not a test (no assertion, never in {@code verify}); the command is in the top
 * README ("Cost per call on a real Asterisk"). Properties: {@code bench.rates} (20,50,100,150),
 * {@code bench.seconds} (20 per load), {@code bench.warmup} (20 s at 50/s), {@code bench.idle} (30 s),
 * {@code bench.amiRates} (50,100: loads repeated with the node's AMI tracking on; empty = skip),
 * {@code bench.floor} (true; false skips the floor), {@code bench.jfr} (a directory: the node records a JFR profile there),
 * {@code bench.nodeEnv} (K=V,… added to the node's environment).
 */
public final class CostPerCallBench {

    private static final String AMI_USER = "central-unica";
    private static final String AMI_SECRET = "cost-bench";
    private static final String BENCH_USER = "cu-bench";
    private static final Pattern RESULT = Pattern.compile("CUBENCH (\\d+) ok=(\\S*) t0=([0-9.]+) t1=([0-9.]+)");

    private final RealAsterisk asterisk;
    private final ManagerConnection ami;
    private final DatabaseSettings db;
    private final int agiPort;
    private final int floorPort = RealAsterisk.freePort();
    private final int amiPort;
    private final Path work;
    private final AtomicLong callerIds = new AtomicLong(910_000_000L);
    private final HttpClient http = HttpClient.newHttpClient();
    private long logPosition;

    private CostPerCallBench(RealAsterisk asterisk, ManagerConnection ami, DatabaseSettings db, int agiPort, int amiPort, Path work) {
        this.asterisk = asterisk;
        this.ami = ami;
        this.db = db;
        this.agiPort = agiPort;
        this.amiPort = amiPort;
        this.work = work;
    }

    /** One load's figures for one server under test. */
    record Phase(String server, int rate, int placed, int routed, int finished, long serverCpuMs, long serverJitMs, long asteriskCpuMs,
                 long postgresCpuMs, double p50, double p99, double maxSessionSeconds, double journalDelaySeconds,
                 double amiEvents, double amiDropped, double inboxDepthMax, String loadAverage) {
        double perCall(long cpuMs) {
            return placed == 0 ? 0 : (double) cpuMs / placed;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> rates = ints(System.getProperty("bench.rates", "20,50,100,150"));
        List<Integer> amiRates = ints(System.getProperty("bench.amiRates", "50,100"));
        int seconds = Integer.getInteger("bench.seconds", 20);
        int warmup = Integer.getInteger("bench.warmup", 20);
        int idle = Integer.getInteger("bench.idle", 30);
        Optional<Path> jfr = Optional.ofNullable(System.getProperty("bench.jfr")).map(Path::of);

        DatabaseSettings db = TestDatabases.freshSettings();
        Path work = Path.of("target", "ast", "cb-" + System.currentTimeMillis() % 1_000_000).toAbsolutePath();
        int agiPort = RealAsterisk.freePort();
        int amiPort = RealAsterisk.freePort();
        Map<String, String> files;
        try (Database database = Database.open(db)) {
            database.migrate();
            files = configuration(database, agiPort, amiPort);
        }
        System.out.printf("cost-per-call bench: %s, %d cores, load average %s; work dir %s%n",
                System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(), loadAverage(), work);
        try (RealAsterisk asterisk = RealAsterisk.start(work, files)) {
            ManagerConnection ami = new ManagerConnectionFactory("127.0.0.1", amiPort, BENCH_USER, AMI_SECRET).createManagerConnection();
            ami.login();
            try {
                CostPerCallBench bench = new CostPerCallBench(asterisk, ami, db, agiPort, amiPort, work);
                List<Phase> phases = new ArrayList<>();
                boolean withFloor = Boolean.parseBoolean(System.getProperty("bench.floor", "true"));
                double nodeIdle;
                double floorIdle = Double.NaN;
                // Both servers run side by side, each on its own port (the caller's CU_AGI_1 says which), and each
                // load is driven at the node and then at once at the floor: both see the machine as it is then.
                try (BenchJvm node = bench.startNode(false, jfr);
                     BenchJvm floor = withFloor ? bench.startFloor() : null) {
                    bench.run(node, "warm-up", 50, warmup, false);
                    if (floor != null) {
                        bench.run(floor, "warm-up", 50, Math.max(5, warmup / 2), false);
                    }
                    for (int rate : rates) {
                        phases.add(bench.report(bench.run(node, "node", rate, seconds, true)));
                        if (floor != null) {
                            phases.add(bench.report(bench.run(floor, "floor", rate, seconds, false)));
                        }
                    }
                    // Idle once the loads are over and the JIT compilers have had 10 s to finish their queue.
                    Thread.sleep(10_000);
                    nodeIdle = bench.idle(node, idle);
                    System.out.printf("node idle: %.2f ms CPU per second over %d s%n", nodeIdle, idle);
                    if (floor != null) {
                        floorIdle = bench.idle(floor, Math.min(idle, 15));
                        System.out.printf("floor idle: %.2f ms CPU per second%n", floorIdle);
                    }
                }
                if (!amiRates.isEmpty()) {
                    try (BenchJvm node = bench.startNode(true, Optional.empty())) {
                        bench.run(node, "warm-up", 50, Math.max(5, warmup / 2), true);
                        for (int rate : amiRates) {
                            phases.add(bench.report(bench.run(node, "node+AMI", rate, seconds, true)));
                        }
                    }
                }
                printTable(phases, rates, nodeIdle, floorIdle);
            } finally {
                ami.logoff();
            }
        }
    }

    // ---- setup ----

    /** The generated configuration, with the bench's changes: an AMI user to place calls, and the AGI step timed. */
    private static Map<String, String> configuration(Database database, int agiPort, int amiPort) throws Exception {
        SipTopology topology = new JdbcTopologyRepository(database.dataSource()).load();
        Map<String, String> secrets = new HashMap<>();
        secrets.put("ami-" + AMI_USER, AMI_SECRET);
        secrets.put("cu-monitor", "monitor-bench");
        topology.phones().forEach(p -> secrets.put(p.endpoint(), "phone-secret"));
        topology.panicDevices().forEach(p -> secrets.put(p.endpoint(), "panic-secret"));
        topology.trunks().forEach(t -> secrets.put(t.endpoint(), "trunk-secret"));
        GeneratorSettings generator = new GeneratorSettings("agi://127.0.0.1:" + agiPort, AMI_USER,
                List.of("127.0.0.1/255.255.255.255"), "127.0.0.1:" + RealAsterisk.freePort(), "cu-monitor", "alaw,ulaw",
                Optional.empty(), List.of(), "127.0.0.1", amiPort, Optional.empty());
        Map<String, String> files = new HashMap<>(new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), generator,
                Secrets.of(secrets)).generate(topology));
        // No verbose or DTMF lines in the log: logging every dialplan step would be most of Asterisk's cost per call.
        files.put("logger.conf", "[general]\ndateformat = %F %T.%3q\n[logfiles]\nmessages.log => notice,warning,error\n");
        files.put(AsteriskConfigGenerator.MANAGER, files.get(AsteriskConfigGenerator.MANAGER)
                + "\n[" + BENCH_USER + "]\nsecret = " + AMI_SECRET + "\ndeny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\n"
                + "read = system\nwrite = originate,call,system,command\n");
        files.put(AsteriskConfigGenerator.EXTENSIONS, timedTriage(files.get(AsteriskConfigGenerator.EXTENSIONS))
                + ScriptedCaller.dialplan() + """

                ; ---- Bench only: after the AGI step, log whether the call was routed and end it (no queue) ----
                [cu-bench-done]
                exten => s,1,Set(CU_BENCH_T1=${STRFTIME(,,%s.%3q)})
                 same => n,Log(NOTICE,CUBENCH ${CALLERID(num)} ok=${CU_ROUTE_OK} t0=${CU_BENCH_T0} t1=${CU_BENCH_T1})
                 same => n,Hangup()
                """);
        return files;
    }

    /**
     * cu-triage with the AGI step timed (Asterisk's clock: from before the first node is tried) and every way out of
     * it leading to cu-bench-done instead of cu-route.
     */
    static String timedTriage(String extensions) {
        int from = extensions.indexOf("[cu-triage]");
        int to = extensions.indexOf("\n[", from + 1);
        String tries = " same => n(try),Set(TIMEOUT(absolute)=${CU_AGI_DEADLINE})\n";
        if (from < 0 || to < 0) {
            throw new IllegalStateException("no [cu-triage] context: update CostPerCallBench.timedTriage");
        }
        String triage = extensions.substring(from, to);
        if (!triage.contains(tries) || !triage.contains("cu-route,s,1") || !triage.contains("/triage,${EXTEN},${CU_TRUNK_DISTRICT})")) {
            throw new IllegalStateException("cu-triage no longer looks as this bench expects: update CostPerCallBench.timedTriage");
        }
        String timed = triage.replace(tries, " same => n,Set(CU_BENCH_T0=${STRFTIME(,,%s.%3q)})\n" + tries)
                .replace("cu-route,s,1", "cu-bench-done,s,1");
        return extensions.substring(0, from) + timed + extensions.substring(to);
    }

    private int httpPort;

    private BenchJvm startNode(boolean tracking, Optional<Path> jfr) throws Exception {
        Map<String, String> env = TestEnvironment.node(db);
        httpPort = RealAsterisk.freePort();
        env.put("CU_HTTP_PORT", Integer.toString(httpPort));
        env.put("CU_AGI_PORT", Integer.toString(agiPort));
        // Experiments: -Dbench.nodeEnv=CU_EXCHANGE_POLL_MS=60000,… (what a setting costs per call or idle).
        for (String kv : System.getProperty("bench.nodeEnv", "").split(",")) {
            if (kv.contains("=")) {
                env.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        if (tracking) {
            env.put("CU_AMI_HOST", "127.0.0.1");
            env.put("CU_AMI_PORT", Integer.toString(amiPort));
            env.put("CU_AMI_USER", AMI_USER);
            env.put("CU_AMI_SECRET", AMI_SECRET);
        }
        List<String> options = new ArrayList<>(List.of("-Xmx384m"));
        jfr.ifPresent(dir -> options.add("-XX:StartFlightRecording=filename=" + dir.toAbsolutePath().resolve(
                "node-" + System.currentTimeMillis() + ".jfr") + ",settings=profile"));
        BenchJvm node = BenchJvm.start("node", options, "pe.centralunica.app.Main", List.of("serve"), env,
                work.resolve(tracking ? "node-ami.log" : "node.log"), "node ready in");
        if (tracking) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (metric("cu_ami_connected") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        return node;
    }

    private BenchJvm startFloor() throws Exception {
        return BenchJvm.start("floor", List.of("-Xmx384m"), FloorAgiServer.class.getName(), List.of(Integer.toString(floorPort)),
                Map.of(), work.resolve("floor.log"), "floor ready on");
    }

    // ---- one load ----

    /** Places {@code rate} calls a second for {@code seconds}, waits until each has ended, and measures. */
    private Phase run(BenchJvm server, String name, int rate, int seconds, boolean node) throws Exception {
        List<Long> pgPids = postgresBackends();
        Map<Long, Long> pgBefore = ProcessCpu.snapshot(pgPids);
        long serverBefore = server.cpuMillis();
        Map<String, Long> threadsBefore = ProcessCpu.byThread(server.pid());
        long asteriskBefore = asteriskCpu();
        double amiBefore = node ? metric("cu_ami_events_total") : 0;
        double droppedBefore = node ? metric("cu_ami_events_dropped_total") : 0;

        Set<String> callers = new HashSet<>();
        AtomicInteger refused = new AtomicInteger();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long nextSample = start;
        double lag = 0;
        double inbox = 0;
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < due) {
                Thread.sleep(Math.max(0, (due - now) / 1_000_000), (int) ((due - now) % 1_000_000));
            }
            String callerId = Long.toString(callerIds.incrementAndGet());
            callers.add(callerId);
            place(callerId, refused, node ? agiPort : floorPort);
            if (node && now >= nextSample) {
                // Every 5 s: a scrape of /metrics costs the node CPU too (printed with the idle figures).
                lag = Math.max(lag, metric("cu_journal_ship_delay_seconds"));
                inbox = Math.max(inbox, metric("cu_ami_inbox_depth"));
                nextSample = now + 5_000_000_000L;
            }
        }
        Map<String, Result> results = awaitResults(callers, Duration.ofSeconds(60));
        if (node) {
            // The journal is part of the node's cost: wait until the calls' events are in PostgreSQL.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            double unshipped;
            while ((unshipped = metric("cu_journal_unshipped_events")) > 0 && System.nanoTime() < deadline) {
                lag = Math.max(lag, metric("cu_journal_ship_delay_seconds"));
                Thread.sleep(1_000);
            }
            if (unshipped > 0) {
                System.out.printf("  (%s: %.0f events still unshipped after 60 s)%n", name, unshipped);
            }
        }
        long serverCpu = server.cpuMillis() - serverBefore;
        Map<String, Long> threadsAfter = ProcessCpu.byThread(server.pid());
        if (!name.equals("warm-up")) {
            System.out.printf("  %s %d/s threads (ms/call):%s%n", name, rate, busiest(threadsBefore, threadsAfter, total));
        }
        // On a machine shared with other builds the JIT compilers are starved and still compiling long after a
        // warm-up: their share is reported apart so the servers' own work per call can be compared.
        long jit = threadsAfter.entrySet().stream().filter(e -> e.getKey().matches("C[12] CompilerThre.*"))
                .mapToLong(e -> Math.max(0, e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L))).sum();
        long asteriskCpu = asteriskCpu() - asteriskBefore;
        pgPids.addAll(postgresBackends());
        long pgCpu = ProcessCpu.delta(pgBefore, ProcessCpu.snapshot(new HashSet<>(pgPids)));
        double[] sessions = results.values().stream().mapToDouble(Result::seconds).sorted().toArray();
        int routed = (int) results.values().stream().filter(Result::routed).count();
        if (refused.get() > 0) {
            System.out.printf("  (%s: Asterisk refused %d originates)%n", name, refused.get());
        }
        return new Phase(name, rate, total, routed, results.size(), serverCpu, jit, asteriskCpu, node ? pgCpu : 0,
                percentile(sessions, 0.50), percentile(sessions, 0.99), percentile(sessions, 1.0), lag,
                node ? metric("cu_ami_events_total") - amiBefore : 0,
                node ? metric("cu_ami_events_dropped_total") - droppedBefore : 0, inbox, loadAverage());
    }

    /** One scripted caller, triaged by the server on {@code port} (the dialplan's first node, CU_AGI_1, for this call). */
    private void place(String callerId, AtomicInteger refused, int port) throws IOException {
        ScriptedCaller caller = ScriptedCaller.dialling("911", callerId).pressesAfter(1.5, "1");
        OriginateAction o = new OriginateAction();
        o.setChannel(caller.localChannel());
        o.setContext(caller.context());
        o.setExten(caller.number());
        o.setPriority(1);
        o.setCallerId("\"Bench\" <" + callerId + ">");
        o.setVariable("CU_TRUNK_DISTRICT", "150122");
        o.setVariable("CU_AGI_1", "agi://127.0.0.1:" + port);
        o.setAsync(true);
        o.setTimeout(30_000L);
        ami.sendAction(o, response -> {
            if (!"Success".equalsIgnoreCase(response.getResponse())) {
                refused.incrementAndGet();
            }
        });
    }

    record Result(boolean routed, double seconds) {
    }

    /** Reads Asterisk's log from where the last load stopped until every caller's CUBENCH line is there. */
    private Map<String, Result> awaitResults(Set<String> callers, Duration timeout) throws Exception {
        Map<String, Result> results = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder partial = new StringBuilder();
        while (results.size() < callers.size() && System.nanoTime() < deadline) {
            try (RandomAccessFile f = new RandomAccessFile(asterisk.log().toFile(), "r")) {
                f.seek(logPosition);
                byte[] bytes = new byte[(int) Math.max(0, f.length() - logPosition)];
                f.readFully(bytes);
                logPosition += bytes.length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
            }
            int end = partial.lastIndexOf("\n");
            if (end >= 0) {
                Matcher m = RESULT.matcher(partial.substring(0, end));
                while (m.find()) {
                    if (callers.contains(m.group(1))) {
                        results.put(m.group(1), new Result("1".equals(m.group(2)),
                                Double.parseDouble(m.group(4)) - Double.parseDouble(m.group(3))));
                    }
                }
                partial.delete(0, end + 1);
            }
            Thread.sleep(250);
        }
        return results;
    }

    /** CPU per second of a server with no calls; prints its busiest threads and, for the node, PostgreSQL's share. */
    private double idle(BenchJvm server, int seconds) throws Exception {
        List<Long> pg = postgresBackends();
        List<Long> clients = postgresClients();
        Map<Long, Long> pgBefore = ProcessCpu.snapshot(pg);
        Map<Long, Long> clientsBefore = ProcessCpu.snapshot(clients);
        Map<String, Long> threadsBefore = ProcessCpu.byThread(server.pid());
        long before = server.cpuMillis();
        Thread.sleep(seconds * 1000L);
        double perSecond = (double) (server.cpuMillis() - before) / seconds;
        Map<String, Long> threadsAfter = ProcessCpu.byThread(server.pid());
        pg.addAll(postgresBackends());
        clients.addAll(postgresClients());
        // Apart: the node's own connections, and the rest (autovacuum tidying up after the loads).
        System.out.printf(Locale.ROOT, "  idle threads (ms/s):%s; PostgreSQL backends %.2f ms/s (the node's connections %.2f)%n",
                busiest(threadsBefore, threadsAfter, seconds),
                (double) ProcessCpu.delta(pgBefore, ProcessCpu.snapshot(new HashSet<>(pg))) / seconds,
                (double) ProcessCpu.delta(clientsBefore, ProcessCpu.snapshot(new HashSet<>(clients))) / seconds);
        if (httpPort != 0) {
            long scrapesBefore = server.cpuMillis();
            for (int i = 0; i < 20; i++) {
                metric("cu_journal_unshipped_events");
            }
            System.out.printf(Locale.ROOT, "  one /metrics scrape (the bench's probe) costs the node %.1f ms%n",
                    (server.cpuMillis() - scrapesBefore) / 20.0);
        }
        return perSecond;
    }

    /** The 8 threads (by name) that used the most CPU between two snapshots, in ms per {@code unit}. */
    private static String busiest(Map<String, Long> before, Map<String, Long> after, int unit) {
        StringBuilder out = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append(String.format(Locale.ROOT, " %s %.2f", e.getKey(), (double) e.getValue() / unit)));
        return out.toString();
    }

    // ---- probes ----

    private long asteriskCpu() throws IOException {
        long pid = Long.parseLong(Files.readString(asterisk.rundir().resolve("run/asterisk.pid")).trim());
        return ProcessCpu.millis(pid).orElseThrow();
    }

    /** The PostgreSQL backends serving the bench's database now (the node's pool), not this probe's own. */
    private List<Long> postgresBackends() throws Exception {
        return postgresBackends("");
    }

    /** The node's connections only (no autovacuum worker). */
    private List<Long> postgresClients() throws Exception {
        return postgresBackends(" AND backend_type = 'client backend' AND application_name LIKE 'central-unica%'");
    }

    private List<Long> postgresBackends(String condition) throws Exception {
        String name = db.jdbcUrl().replaceAll("^.*/", "").replaceAll("\\?.*$", "");
        List<Long> pids = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"
                     + condition)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getLong(1));
                }
            }
        }
        return pids;
    }

    /** A value from the node's /metrics (the first series of that name); 0 when no node runs, NaN when it lacks the series. */
    private double metric(String name) {
        if (httpPort == 0) {
            return 0;
        }
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Double.NaN;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- output ----

    private Phase report(Phase p) {
        System.out.printf(Locale.ROOT, "%-8s %3d/s: %5d placed, %5d routed, %5d ended; server %.2f ms/call (JIT %.2f), Asterisk %.2f, "
                        + "PostgreSQL %.2f; session p50 %.3f s p99 %.3f s max %.3f s; journal delay %.2f s; "
                        + "AMI %.1f events/call, %.0f dropped, inbox max %.0f; load %s%n",
                p.server(), p.rate(), p.placed(), p.routed(), p.finished(), p.perCall(p.serverCpuMs()), p.perCall(p.serverJitMs()),
                p.perCall(p.asteriskCpuMs()),
                p.perCall(p.postgresCpuMs()), p.p50(), p.p99(), p.maxSessionSeconds(), p.journalDelaySeconds(),
                p.placed() == 0 ? 0 : p.amiEvents() / p.placed(), p.amiDropped(), p.inboxDepthMax(), p.loadAverage());
        return p;
    }

    private static void printTable(List<Phase> phases, List<Integer> rates, double nodeIdle, double floorIdle) {
        System.out.println();
        System.out.println("| load | routed (node / floor) | node CPU/call | PostgreSQL CPU/call | stock CPU/call | Asterisk CPU/call "
                + "(node run / floor run) | node ÷ Asterisk | node ÷ stock | node ÷ stock, JIT apart | session p50 / p99 node "
                + "| session p50 / p99 stock | journal delay (sampled max) | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int rate : rates) {
            Optional<Phase> node = find(phases, "node", rate);
            Optional<Phase> floor = find(phases, "floor", rate);
            if (node.isEmpty() || floor.isEmpty()) {
                continue;
            }
            Phase n = node.get();
            Phase f = floor.get();
            System.out.printf(Locale.ROOT, "| %d calls/s | %d/%d / %d/%d | %.2f ms (JIT %.2f) | %.2f ms | %.2f ms (JIT %.2f) | %.2f / %.2f ms "
                            + "| %.2f | %.2f | %.2f | %.0f / %.0f ms | %.0f / %.0f ms | %.2f s | %s |%n",
                    rate, n.routed(), n.placed(), f.routed(), f.placed(), n.perCall(n.serverCpuMs()), n.perCall(n.serverJitMs()),
                    n.perCall(n.postgresCpuMs()), f.perCall(f.serverCpuMs()), f.perCall(f.serverJitMs()),
                    n.perCall(n.asteriskCpuMs()), f.perCall(f.asteriskCpuMs()),
                    n.perCall(n.serverCpuMs()) / n.perCall(n.asteriskCpuMs()), n.perCall(n.serverCpuMs()) / f.perCall(f.serverCpuMs()),
                    n.perCall(n.serverCpuMs() - n.serverJitMs()) / f.perCall(f.serverCpuMs() - f.serverJitMs()),
                    n.p50() * 1000, n.p99() * 1000, f.p50() * 1000, f.p99() * 1000, n.journalDelaySeconds(), n.loadAverage());
        }
        System.out.printf(Locale.ROOT, "%nIdle: node %.2f ms CPU per second, stock %.2f ms per second.%n", nodeIdle, floorIdle);
        List<Phase> tracked = phases.stream().filter(p -> p.server().equals("node+AMI")).toList();
        if (!tracked.isEmpty()) {
            System.out.println();
            System.out.println("| load, AMI tracking on | routed | node CPU/call | vs. IVR only | PostgreSQL CPU/call | AMI events/call | dropped | inbox depth max | session p50 / p99 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (Phase t : tracked) {
                Optional<Phase> plain = find(phases, "node", t.rate());
                System.out.printf(Locale.ROOT, "| %d calls/s | %d/%d | %.2f ms | %s | %.2f ms | %.1f | %.0f | %.0f | %.0f / %.0f ms |%n",
                        t.rate(), t.routed(), t.placed(), t.perCall(t.serverCpuMs()),
                        plain.map(p -> String.format(Locale.ROOT, "%.2f×", t.perCall(t.serverCpuMs()) / p.perCall(p.serverCpuMs()))).orElse("–"),
                        t.perCall(t.postgresCpuMs()), t.amiEvents() / t.placed(), t.amiDropped(), t.inboxDepthMax(),
                        t.p50() * 1000, t.p99() * 1000);
            }
        }
    }

    private static Optional<Phase> find(List<Phase> phases, String server, int rate) {
        return phases.stream().filter(p -> p.server().equals(server) && p.rate() == rate).findFirst();
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1 < 0 ? 0 : (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static List<Integer> ints(String csv) {
        return csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
