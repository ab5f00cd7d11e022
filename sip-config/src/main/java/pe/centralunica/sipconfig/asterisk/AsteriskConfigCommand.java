package pe.centralunica.sipconfig.asterisk;

import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
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

    public Result run(DataSource dataSource, Path outDir) {
        SipTopology topology = new JdbcTopologyRepository(dataSource).load();
        Map<String, String> files = new AsteriskConfigGenerator(ContractDialplan.fromClasspath(), settings, secrets).generate(topology);
        new ConfigValidator().check(files, topology);
        return new Result(files, new ConfigWriter().write(outDir, files));
    }
}
