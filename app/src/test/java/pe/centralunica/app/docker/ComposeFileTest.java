package pe.centralunica.app.docker;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.sipconfig.asterisk.AsteriskConfigGenerator;
import pe.centralunica.sipconfig.asterisk.GeneratorSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/docker-compose.yml checked for what no Docker engine here can check by running it: it parses, the
 * generated dialplan lists both app nodes (at their fixed addresses, in order), both PostgreSQL servers are in
 * every node's URL with {@code targetServerType=primary}, the standby streams from the primary, addresses are
 * unique, and every file it mounts exists. ({@code docker compose config} would do part of this; the build
 * machines have the docker CLI without its compose plugin and no engine.)
 */
class ComposeFileTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static JsonNode services;
    private static JsonNode appEnv;

    @BeforeAll
    static void parse() throws Exception {
        JsonNode compose = new YAMLMapper().readTree(Files.readString(DOCKER.resolve("docker-compose.yml")));
        services = compose.get("services");
        appEnv = compose.get("x-app-env");
        assertThat(services).as("services").isNotNull();
    }

    /**
     * A service's environment with {@code <<: *app-env} applied: Jackson's YAML parser resolves neither merge keys
     * nor aliases of mappings, so the key is seen and {@code x-app-env} merged here, as Compose does.
     */
    private static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = services.get(service).get("environment");
        if (node == null) return env;
        if (node.has("<<")) appEnv.properties().forEach(e -> env.put(e.getKey(), interpolated(e.getValue().asString())));
        node.properties().forEach(e -> {
            if (!e.getKey().equals("<<")) env.put(e.getKey(), interpolated(e.getValue().asString()));
        });
        return env;
    }

    /** Compose's interpolation with an empty .env: {@code ${X:-default}} is the default, {@code ${X:?…}} a placeholder. */
    private static String interpolated(String value) {
        return value.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1").replaceAll("\\$\\{[A-Z_]+:\\?[^}]*}", "set-in-env");
    }

    private static String address(String service) {
        return services.get(service).get("networks").get("cu").get("ipv4_address").asString();
    }

    @Test
    void asteriskConfigListsBothAppNodesInOrderAtTheirAddresses() {
        Map<String, String> env = environment("asterisk-config");
        assertThat(env).doesNotContainKey("CU_AGI_URL");
        GeneratorSettings settings = GeneratorSettings.fromEnvironment(env);
        assertThat(settings.agiNodes()).containsExactly("agi://" + address("app") + ":4573", "agi://" + address("app2") + ":4573");
        assertThat(settings.amiPermit()).contains(address("app") + "/255.255.255.255", address("app2") + "/255.255.255.255");
        for (String node : List.of("app", "app2")) {
            assertThat(environment(node)).as(node).containsEntry("CU_AGI_BIND", "0.0.0.0")
                    .containsEntry("CU_AGI_ALLOW", address("asterisk") + "/32");
        }
    }

    @Test
    void everyNodeReachesWhicheverPostgresServerIsPrimary() {
        for (String service : List.of("migrate", "asterisk-config", "app", "app2")) {
            String url = environment(service).get("CU_DB_URL");
            assertThat(url).as(service).startsWith("jdbc:postgresql://" + address("postgres") + ":5432," + address("postgres-replica") + ":5432/")
                    .contains("targetServerType=primary");
        }
    }

    @Test
    void theReplicaStreamsFromThePrimaryWhichWaitsForIt() throws Exception {
        String replica = Files.readString(DOCKER.resolve("postgres/replica-entrypoint.sh"));
        assertThat(replica).contains("PRIMARY=" + address("postgres")).contains("pg_basebackup").contains(" -R ")
                .contains("cluster_name=replica1");
        String primary = Files.readString(DOCKER.resolve("postgres/primary-replication.sh"));
        assertThat(primary).contains("synchronous_standby_names = 'replica1'").contains("host replication replicator 172.28.0.0/24");
        assertThat(services.get("postgres").get("command").toString()).contains("wal_level=replica");
        // Commits wait for the synchronous standby, so the schema is applied only once it streams.
        assertThat(services.get("migrate").get("depends_on").has("postgres-replica")).isTrue();
    }

    @Test
    void addressesAreUniqueAndEveryMountedFileExists() {
        List<String> addresses = new ArrayList<>();
        services.properties().forEach(e -> {
            JsonNode nets = e.getValue().get("networks");
            if (nets != null && nets.has("cu")) addresses.add(nets.get("cu").get("ipv4_address").asString());
            JsonNode volumes = e.getValue().get("volumes");
            if (volumes == null) return;
            for (JsonNode v : volumes) {
                String source = v.asString().split(":")[0];
                if (source.startsWith("./") && !source.equals("./generated")) {
                    assertThat(DOCKER.resolve(source)).as(e.getKey() + " mounts " + source).exists();
                }
            }
        });
        assertThat(addresses).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(5);
    }

    /** Asterisk reads a generated file only through a stub in its own directory that includes it from cu/. */
    @Test
    void asteriskIncludesEveryGeneratedFile() throws Exception {
        for (String file : List.of(AsteriskConfigGenerator.EXTENSIONS, AsteriskConfigGenerator.QUEUES, AsteriskConfigGenerator.QUEUERULES,
                AsteriskConfigGenerator.PJSIP, AsteriskConfigGenerator.MANAGER, AsteriskConfigGenerator.CDR_CUSTOM,
                AsteriskConfigGenerator.MUSICONHOLD)) {
            Path stub = DOCKER.resolve("asterisk/etc").resolve(file);
            assertThat(stub).as("docker/asterisk/etc/" + file).exists();
            assertThat(Files.readString(stub)).as(file).contains("#include \"cu/" + file + "\"");
        }
    }

    /**
     * Both images build from the repository root: every file a Dockerfile copies from the context exists (build
     * outputs apart) and is let through by the root .dockerignore; the Asterisk image renders the IVR's prompts and
     * the flagged callers' hold music into Asterisk's sounds directory (without them the IVR is silent).
     */
    @Test
    void imagesCopyOnlyWhatTheContextHoldsAndAsteriskCarriesTheRenderedPrompts() throws Exception {
        Path root = DOCKER.getParent();
        List<String> allowed = Files.readAllLines(root.resolve(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
        for (String service : List.of("migrate", "asterisk")) {
            JsonNode build = services.get(service).get("build");
            assertThat(build.get("context").asString()).as(service + " builds from the repository root").isEqualTo("..");
            Path dockerfile = root.resolve(build.get("dockerfile").asString());
            for (String line : Files.readAllLines(dockerfile)) {
                if (!line.startsWith("COPY ") || line.startsWith("COPY --from")) {
                    continue;
                }
                String source = line.split("\\s+")[1];
                assertThat(allowed).as("%s: .dockerignore lets %s through", dockerfile, source).contains(source);
                if (!source.contains("/target/")) {
                    assertThat(root.resolve(source)).as("%s copies %s", dockerfile, source).exists();
                }
            }
        }
        String asterisk = Files.readString(DOCKER.resolve("asterisk/Dockerfile"));
        assertThat(asterisk).contains("RUN bash /src/ivr/prompts/render.sh /sounds")
                .contains("COPY --from=sounds /sounds/ /var/lib/asterisk/sounds/");
    }
}
