package pe.centralunica.sipconfig.asterisk;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import pe.centralunica.db.DataAccessException;
import pe.centralunica.sipconfig.topology.JdbcTopologyRepository;
import pe.centralunica.sipconfig.topology.SipTopology;

/**
 * {@code central-unica asterisk-config --out DIR}: load the topology, generate, validate, write atomically.
 * Nothing is written when a secret is missing or validation fails; the exception says what to fix.
 */
public final class AsteriskConfigCommand {

    /** What the command did: the files and whether each changed. */
    public record Result(Map<String, String> files, ConfigWriter.WriteResult write) {
    }

    private final GeneratorSettings settings;
    private final Secrets secrets;

    public AsteriskConfigCommand(GeneratorSettings settings, Secrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    /**
     * The command line, for app's Main: {@code asterisk-config --out DIR [--reload] [--agi-nodes host:port,…]}.
     * {@code --agi-nodes} lists the FastAGI nodes the dialplan tries in order (instead of CU_AGI_NODES / CU_AGI_URL).
     * {@code --reload} applies the
     * changed files over AMI as {@code CU_AMI_HOST}/{@code CU_AMI_PORT} (5038)/{@code CU_AMI_USER} (central-unica)/
     * {@code CU_AMI_SECRET}, audited as {@code CU_ACTOR} (default "cli"). Prints what it did; returns the exit code:
     * 0 done, 2 bad arguments or configuration (missing secret, validation problems), 1 reload failed.
     */
    public int execute(List<String> args, Map<String, String> env, DataSource dataSource, PrintStream out,
                       PrintStream err) {
        Path dir = null;
        boolean reload = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--out" -> {
                    if (i + 1 >= args.size()) return usage(err, "--out needs a directory");
                    dir = Path.of(args.get(++i));
                }
                case "--reload" -> reload = true;
                case "--agi-nodes" -> {
                    if (i + 1 >= args.size()) return usage(err, "--agi-nodes needs host:port,host:port");
                    GeneratorSettings nodes;
                    try {
                        nodes = settings.withAgiNodes(List.of(args.get(i + 1).split(",")));
                    } catch (IllegalArgumentException e) {
                        return usage(err, "--agi-nodes: " + e.getMessage());
                    }
                    List<String> rest = new java.util.ArrayList<>(args);
                    rest.subList(i, i + 2).clear();
                    return new AsteriskConfigCommand(nodes, secrets).execute(rest, env, dataSource, out, err);
                }
                default -> {
                    return usage(err, "unknown argument '" + args.get(i) + "'");
                }
            }
        }
        if (dir == null) return usage(err, "--out DIR is required");
        try {
            if (!reload) {
                Result r = run(dataSource, dir);
                out.println("asterisk-config: wrote " + r.write().written() + ", unchanged " + r.write().unchanged() + " in " + dir);
                return 0;
            }
            String secret = env.get("CU_AMI_SECRET");
            if (env.get("CU_AMI_HOST") == null || secret == null) {
                return usage(err, "--reload needs CU_AMI_HOST and CU_AMI_SECRET");
            }
            int port = Integer.parseInt(env.getOrDefault("CU_AMI_PORT", "5038"));
            AsteriskReloader reloader = new AsteriskReloader(new AsteriskReloader.AmiTarget(env.get("CU_AMI_HOST"), port,
                    env.getOrDefault("CU_AMI_USER", "central-unica"), secret, 10_000));
            Applied a = apply(dataSource, dir, reloader, env.getOrDefault("CU_ACTOR", "cli"));
            out.println("asterisk-config: wrote " + a.result().write().written() + ", unchanged " + a.result().write().unchanged() + " in " + dir);
            for (var c : a.reload().commands()) out.println("  " + c.command() + ": " + (c.ok() ? "ok" : "REFUSED " + c.output()));
            return a.reload().ok() ? 0 : 1;
        } catch (Secrets.MissingSecretException | InvalidConfigurationException | NumberFormatException e) {
            err.println("central-unica: asterisk-config: " + e.getMessage());
            return 2;
        } catch (AsteriskReloader.ReloadException e) {
            err.println("central-unica: asterisk-config: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("central-unica: asterisk-config: " + problem + "\nusage: central-unica asterisk-config --out DIR [--reload] [--agi-nodes host:port,host:port]");
        return 2;
    }

    /** Settings and secrets from the process environment. */
    public static AsteriskConfigCommand fromEnvironment() {
        return new AsteriskConfigCommand(GeneratorSettings.fromEnvironment(System.getenv()), Secrets.fromEnvironment());
    }

    /** What {@link #apply} did: the files, and the reload of those that changed. */
    public record Applied(Result result, AsteriskReloader.ReloadReport reload) {
    }

    public Result run(DataSource dataSource, Path outDir) {
        SipTopology topology = new JdbcTopologyRepository(dataSource).load();
        Map<String, String> files = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), settings, secrets).generate(topology);
        new ConfigValidator().check(files, topology);
        return new Result(files, new ConfigWriter().write(outDir, files));
    }

    /**
     * The admin console's "apply": {@link #run}, then reload over AMI what changed, and record who did it in the
     * audit log (action APPLY, entity asterisk_config). A failed reload is audited too, then thrown.
     */
    public Applied apply(DataSource dataSource, Path outDir, AsteriskReloader reloader, String actor) {
        Result result = run(dataSource, outDir);
        AsteriskReloader.ReloadReport report;
        try {
            report = reloader.reload(result.write().written());
        } catch (AsteriskReloader.ReloadException e) {
            audit(dataSource, actor, result, null, e.getMessage());
            throw e;
        }
        audit(dataSource, actor, result, report, null);
        return new Applied(result, report);
    }

    private static void audit(DataSource dataSource, String actor, Result result, AsteriskReloader.ReloadReport report, String error) {
        String after = "{\"written\":" + json(result.write().written()) + ",\"unchanged\":" + json(result.write().unchanged())
                + ",\"reload\":" + (report == null ? "[]" : json(report.commands().stream()
                        .map(c -> c.command() + (c.ok() ? "" : " (refused)")).toList()))
                + ",\"ok\":" + (error == null && report != null && report.ok())
                + (error == null ? "" : ",\"error\":" + quote(error)) + "}";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (actor, action, entity, entity_id, after) VALUES (?, 'APPLY', 'asterisk_config', NULL, ?::jsonb)")) {
            ps.setString(1, actor);
            ps.setString(2, after);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataAccessException("auditing an Asterisk configuration apply", e);
        }
    }

    private static String json(List<String> items) {
        return "[" + String.join(",", items.stream().map(AsteriskConfigCommand::quote).toList()) + "]";
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') sb.append('\\').append(ch);
            else if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
            else sb.append(ch);
        }
        return sb.append('"').toString();
    }
}
