package pe.centralunica.sipconfig.asterisk;

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
