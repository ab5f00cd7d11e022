package pe.centralunica.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pe.centralunica.app.config.AppSettings;
import pe.centralunica.app.demo.DemoDirectoryLock;
import pe.centralunica.app.demo.DemoPanicButtons;
import pe.centralunica.app.demo.DemoTraffic;
import pe.centralunica.app.demo.DemoUsers;
import pe.centralunica.console.store.Jdbc;
import pe.centralunica.sipconfig.asterisk.AsteriskConfigCommand;
import pe.centralunica.sipconfig.asterisk.GeneratorSettings;
import pe.centralunica.sipconfig.asterisk.Secrets;
import pe.centralunica.console.config.ConfigurationException;
import pe.centralunica.app.config.Environment;
import pe.centralunica.app.database.DatabaseStartup;
import pe.centralunica.db.Database;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code serve}, {@code demo}, {@code migrate}. A plain main (the
 * Vert.x 5 application launcher is a tech preview). Bad configuration ends with one line naming the
 * variable and exit code 2.
 */
public final class Main {

    static final int EXIT_USAGE = 64;
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILURE = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private final Environment env;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = new Environment(env);
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = new Main(System.getenv(), System.out, System.err).run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    int run(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        try {
            return switch (command) {
                case "serve" -> runNode(AppSettings.from(env, true), false);
                case "demo" -> runNode(AppSettings.from(env, false), true);
                case "self-check" -> SelfCheck.run(out);
                case "asterisk-config" -> asteriskConfig(AppSettings.from(env, true), java.util.Arrays.asList(args).subList(1, args.length));
                case "migrate" -> migrate(AppSettings.from(env, true));
                case "create-user" -> new CreateUserCommand(out, err, new java.io.BufferedReader(
                        new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))).run(AppSettings.from(env, true), args);
                case "help", "-h", "--help" -> usage(out, 0);
                default -> {
                    err.println("central-unica: unknown command '" + command + "'");
                    yield usage(err, EXIT_USAGE);
                }
            };
        } catch (ConfigurationException e) {
            err.println("central-unica: configuration error: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (RuntimeException e) {
            LOG.debug("Startup failure", e);
            err.println("central-unica: " + command + " failed: " + oneLine(e));
            return EXIT_FAILURE;
        }
    }

    private int runNode(AppSettings settings, boolean demo) {
        long t0 = System.nanoTime();
        if (demo && settings.database().isPresent()) {
            // The demo seeds users with published passwords and journals simulated calls: in a real database
            // that would be a back door and false records. Refused (not ignored) so nobody believes they ran
            // the demo on their data, or runs it by mistake against production.
            throw new ConfigurationException("CU_DB_URL", "demo runs only on its own embedded database (it creates users"
                    + " with published passwords and simulated calls); unset CU_DB_URL, or use `serve` for this database");
        }
        // Held while the demo runs (see the reachability fence below); the operating system releases it at exit.
        DemoDirectoryLock demoLock = demo ? DemoDirectoryLock.take(settings.dataDir()) : null;
        if (demo && settings.database().isEmpty()) {
            out.println("Demo data directory: " + settings.dataDir() + " (delete it to start afresh)");
        }
        DemoTraffic traffic = null;
        if (demo) {
            // The demo's Asterisk comes first so the node can watch its AMI; it calls only once the node is up.
            int agiPort = settings.ivr().port() == 0 ? freePort() : settings.ivr().port();
            settings = settings.withAgiPort(agiPort);
            // Printed, not only logged: the one number needed to replay this run's traffic (CU_DEMO_SEED).
            long seed = settings.demoSeed().orElseGet(System::nanoTime);
            out.println("Demo seed: " + seed + " (CU_DEMO_SEED=" + seed + " replays this run's traffic plan)");
            try {
                traffic = DemoTraffic.prepare(agiPort, settings.demoAmiPort(), seed);
            } catch (RuntimeException e) {
                throw new ConfigurationException("CU_DEMO_AMI_PORT", "the demo's simulated Asterisk could not start: " + e.getMessage());
            }
            if (settings.ami().isEmpty()) {
                settings = settings.withAmi(new AppSettings.AmiSettings("127.0.0.1", traffic.amiPort(), DemoTraffic.AMI_USER,
                        traffic.amiSecret()));
            }
        }
        Node node;
        try {
            node = Node.start(settings, demo);
        } catch (RuntimeException e) {
            if (traffic != null) {
                traffic.close();
            }
            throw e;
        }
        if (demo) {
            int seeded = DemoUsers.seed(new Jdbc(node.database().dataSource()));
            int buttons = DemoPanicButtons.seed(new Jdbc(node.database().dataSource()));
            if (buttons > 0) {
                LOG.info("Demo: {} street panic buttons registered (with their cameras)", buttons);
            }
            out.println("Console: http://localhost:" + node.httpPort() + "/console/");
            out.println("  sign in as supervisor / supervisor-demo-2026 (every central's queue), despacho.metro /"
                    + " despacho-demo-2026 (takes the metropolitan centre's calls) or admin / admin-demo-2026"
                    + (seeded > 0 ? " (" + seeded + " demo users created now; all in the README)" : " (all demo users in the README)"));
        }
        if (traffic != null) {
            traffic.startCalls(settings.demoCallsPerMinute());
        }
        DemoTraffic demoTraffic = traffic;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            // The node first: its AMI link would otherwise report the demo's Asterisk as lost.
            node.close();
            if (demoTraffic != null) {
                demoTraffic.close();
            }
            stopped.countDown();
        }, "shutdown"));
        LOG.info("Central Única {} ready in {} ms", demo ? "demo" : "node", (System.nanoTime() - t0) / 1_000_000);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A lock nobody references is collected, its channel closed and the lock gone: keep it to the end.
        java.lang.ref.Reference.reachabilityFence(demoLock);
        return 0;
    }

    /** Generates (and with --reload applies) the Asterisk configuration from the database. */
    private int asteriskConfig(AppSettings settings, java.util.List<String> arguments) {
        try (Database database = DatabaseStartup.open(settings.database().orElseThrow())) {
            if (settings.migrateOnStart()) {
                database.migrate();
            }
            GeneratorSettings generatorSettings;
            try {
                generatorSettings = GeneratorSettings.fromEnvironment(env.asMap());
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                int colon = message.indexOf(':');
                throw colon > 0 && message.startsWith("CU_")
                        ? new ConfigurationException(message.substring(0, colon), message.substring(colon + 1).trim())
                        : new ConfigurationException("CU_AGI_URL", message);
            }
            return new AsteriskConfigCommand(generatorSettings, Secrets.from(env.asMap()))
                    .execute(arguments, env.asMap(), database.dataSource(), out, err);
        }
    }

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port for the demo's FastAGI server: " + e.getMessage(), e);
        }
    }

    private int migrate(AppSettings settings) {
        try (Database database = DatabaseStartup.open(settings.database().orElseThrow())) {
            int ran = database.migrate();
            out.println("Schema is current: " + ran + " migration(s) applied.");
            return 0;
        }
    }

    private static int usage(PrintStream to, int code) {
        to.println("""
                usage: central-unica <command>
                  serve       run a node (needs CU_DB_URL; see README for every CU_* variable)
                  demo        run everything on this machine on an embedded PostgreSQL (refused with CU_DB_URL)
                  migrate     create or update the database schema (needs CU_DB_URL)
                  create-user <username> <DISPATCHER|SUPERVISOR|ADMIN> [--name N] [--agency CODE] [--phone IFACE]
                              add a console user (needs CU_DB_URL; password on standard input)
                  self-check  check this build speaks AMI (typed events from a simulated Asterisk)
                  asterisk-config --out DIR [--reload] [--agi-nodes host:port,host:port]
                              write Asterisk's configuration generated from the database (see sip-config/README.md)""");
        return code;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
