package pe.centralunica.sipconfig.asterisk;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the generated configuration needs beyond the database: where our FastAGI server is, the AMI user the
 * app logs in as and the networks it may come from, the SIP bind address, the monitoring endpoint that places
 * synthetic calls, and the codecs offered.
 *
 * @param agiUrl             dialplan global {@code CU_AGI}, e.g. {@code agi://127.0.0.1:4573}
 * @param amiUser            manager.conf user (the app's {@code CU_AMI_USER})
 * @param amiPermit          networks allowed to log in as {@code amiUser}, {@code address/mask}
 * @param sipBind            PJSIP UDP transport bind, {@code host:port}
 * @param monitoringEndpoint PJSIP endpoint of synthetic calls; its calls enter {@code cu-monitoring}
 * @param codecs             PJSIP {@code allow=} list
 * @param externalAddress    public address of Asterisk behind NAT (Docker, cloud): the transport's
 *                           {@code external_signaling_address}/{@code external_media_address}; empty when none
 * @param localNets          networks reached without NAT ({@code local_net}), used with {@code externalAddress}
 * @param amiBind            the address AMI listens on ({@code bindaddr}); loopback unless the app runs elsewhere —
 *                           AMI can originate calls, so it listens only where the app reaches it
 * @param amiPort            the port AMI listens on (the app's {@code CU_AMI_PORT})
 * @param recordingDir       dialplan global {@code CU_RECORDING_DIR}: where MixMonitor records each call from
 *                           answer ({@code <dir>/<uniqueid>.wav}); empty = calls are not recorded
 * @param standbyAgiUrls     further FastAGI nodes, tried in this order after {@code agiUrl} when it does not route
 *                           the call (refused, frozen past the deadline): globals {@code CU_AGI_2}, {@code CU_AGI_3}, …
 */
public record GeneratorSettings(String agiUrl, String amiUser, List<String> amiPermit, String sipBind,
                                String monitoringEndpoint, String codecs, Optional<String> externalAddress,
                                List<String> localNets, String amiBind, int amiPort,
                                Optional<String> recordingDir, List<String> standbyAgiUrls) {

    public static final String DEFAULT_AMI_BIND = "127.0.0.1";
    public static final int DEFAULT_AMI_PORT = 5038;
    private static final java.util.regex.Pattern AGI_URL = java.util.regex.Pattern.compile("agi://[A-Za-z0-9.\\[\\]:_-]{1,200}");

    /** One FastAGI node. */
    public GeneratorSettings(String agiUrl, String amiUser, List<String> amiPermit, String sipBind, String monitoringEndpoint,
                             String codecs, Optional<String> externalAddress, List<String> localNets, String amiBind, int amiPort,
                             Optional<String> recordingDir) {
        this(agiUrl, amiUser, amiPermit, sipBind, monitoringEndpoint, codecs, externalAddress, localNets, amiBind, amiPort,
                recordingDir, List.of());
    }

    /** One FastAGI node, without recordings. */
    public GeneratorSettings(String agiUrl, String amiUser, List<String> amiPermit, String sipBind, String monitoringEndpoint,
                             String codecs, Optional<String> externalAddress, List<String> localNets, String amiBind, int amiPort) {
        this(agiUrl, amiUser, amiPermit, sipBind, monitoringEndpoint, codecs, externalAddress, localNets, amiBind, amiPort,
                Optional.empty());
    }

    public GeneratorSettings {
        Objects.requireNonNull(agiUrl, "agiUrl");
        standbyAgiUrls = List.copyOf(standbyAgiUrls);
        List<String> nodes = Stream.concat(Stream.of(agiUrl), standbyAgiUrls.stream()).toList();
        for (String url : nodes) {
            // Each becomes the prefix of an AGI() URL in the dialplan: a host, a port, nothing else.
            if (!AGI_URL.matcher(url).matches()) {
                throw new IllegalArgumentException("FastAGI node '" + url + "' is not agi://host[:port]");
            }
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("a FastAGI node is listed twice: " + nodes);
        }
        Objects.requireNonNull(amiUser, "amiUser");
        amiPermit = amiPermit.stream().sorted().distinct().toList();
        Objects.requireNonNull(sipBind, "sipBind");
        Objects.requireNonNull(monitoringEndpoint, "monitoringEndpoint");
        Objects.requireNonNull(codecs, "codecs");
        Objects.requireNonNull(externalAddress, "externalAddress");
        localNets = localNets.stream().sorted().distinct().toList();
        for (String v : Stream.concat(Stream.of(agiUrl, sipBind, codecs), amiPermit.stream()).toList()) {
            // Each lands inside a .conf line: ';' would start a comment, a line break a new setting.
            if (v.isBlank() || v.chars().anyMatch(c -> c == ';' || c == '\n' || c == '\r')) {
                throw new IllegalArgumentException("setting unusable in an Asterisk .conf line: '" + v + "'");
            }
        }
        for (String v : Stream.concat(externalAddress.stream(), localNets.stream()).toList()) {
            if (!v.matches("[A-Za-z0-9.:/-]{1,253}")) throw new IllegalArgumentException("bad address or network: " + v);
        }
        Objects.requireNonNull(amiBind, "amiBind");
        if (!amiBind.matches("[0-9A-Fa-f:.]{2,45}")) {
            throw new IllegalArgumentException("CU_AMI_BIND: '" + amiBind + "' is not an IP address (AMI binds an address, not a name)");
        }
        if (amiPort < 1 || amiPort > 65535) throw new IllegalArgumentException("CU_AMI_PORT: " + amiPort + " is not a port (1-65535)");
        if (recordingDir.isPresent() && !recordingDir.get().matches("/[A-Za-z0-9_./-]{1,200}")) {
            throw new IllegalArgumentException("CU_RECORDING_DIR must be an absolute path of letters, digits, '_', '.', '-', '/': "
                    + recordingDir.get());
        }
        if (!amiUser.matches("[A-Za-z0-9_.-]{1,80}")) throw new IllegalArgumentException("bad AMI user name: " + amiUser);
        if (!monitoringEndpoint.matches("[A-Za-z0-9_.-]{1,80}")) {
            throw new IllegalArgumentException("bad monitoring endpoint name: " + monitoringEndpoint);
        }
    }

    /** Every FastAGI node in the order the dialplan tries them ({@code CU_AGI_1}, {@code CU_AGI_2}, …). */
    public List<String> agiNodes() {
        return Stream.concat(Stream.of(agiUrl), standbyAgiUrls.stream()).toList();
    }

    /** The same settings with these FastAGI nodes ({@code host:port} or {@code agi://host:port}), tried in order. */
    public GeneratorSettings withAgiNodes(List<String> nodes) {
        List<String> urls = nodes.stream().map(String::strip).filter(n -> !n.isEmpty()).map(GeneratorSettings::asAgiUrl).toList();
        if (urls.isEmpty()) throw new IllegalArgumentException("no FastAGI node listed");
        return new GeneratorSettings(urls.getFirst(), amiUser, amiPermit, sipBind, monitoringEndpoint, codecs, externalAddress,
                localNets, amiBind, amiPort, recordingDir, urls.subList(1, urls.size()));
    }

    private static String asAgiUrl(String node) {
        return node.startsWith("agi://") ? node : "agi://" + node;
    }

    /** Asterisk and the app on one host: what the static dialplan assumed. */
    public static GeneratorSettings defaults() {
        return new GeneratorSettings("agi://127.0.0.1:4573", "central-unica", List.of("127.0.0.1/255.255.255.255"),
                "0.0.0.0:5060", "cu-monitor", "alaw,ulaw", Optional.empty(), List.of(), DEFAULT_AMI_BIND, DEFAULT_AMI_PORT);
    }

    /**
     * From environment variables, each defaulting as in {@link #defaults()}: {@code CU_AGI_URL}, {@code CU_AMI_USER},
     * {@code CU_AMI_PERMIT} (comma-separated {@code address/mask}), {@code CU_SIP_BIND}, {@code CU_MONITOR_ENDPOINT},
     * {@code CU_SIP_CODECS}, {@code CU_SIP_EXTERNAL_ADDRESS}, {@code CU_SIP_LOCAL_NETS} (comma-separated), {@code CU_AMI_BIND},
     * {@code CU_AMI_PORT}, {@code CU_RECORDING_DIR}; {@code CU_AGI_NODES} (comma-separated {@code host:port}, tried
     * in order) instead of {@code CU_AGI_URL} for several nodes.
     */
    public static GeneratorSettings fromEnvironment(Map<String, String> env) {
        GeneratorSettings single = oneNodeFromEnvironment(env);
        String nodes = env.getOrDefault("CU_AGI_NODES", "").strip();
        if (nodes.isEmpty()) return single;
        if (env.containsKey("CU_AGI_URL")) {
            throw new IllegalArgumentException("CU_AGI_NODES: CU_AGI_URL is set too; keep only CU_AGI_NODES (every node, in order)");
        }
        try {
            return single.withAgiNodes(List.of(nodes.split(",")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CU_AGI_NODES: " + e.getMessage() + " (expected host:port,host:port)", e);
        }
    }

    private static GeneratorSettings oneNodeFromEnvironment(Map<String, String> env) {
        GeneratorSettings d = defaults();
        return new GeneratorSettings(env.getOrDefault("CU_AGI_URL", d.agiUrl()), env.getOrDefault("CU_AMI_USER", d.amiUser()),
                env.containsKey("CU_AMI_PERMIT") ? List.of(env.get("CU_AMI_PERMIT").split("\\s*,\\s*")) : d.amiPermit(),
                env.getOrDefault("CU_SIP_BIND", d.sipBind()), env.getOrDefault("CU_MONITOR_ENDPOINT", d.monitoringEndpoint()),
                env.getOrDefault("CU_SIP_CODECS", d.codecs()),
                Optional.ofNullable(env.get("CU_SIP_EXTERNAL_ADDRESS")).filter(v -> !v.isBlank()).map(String::strip),
                env.containsKey("CU_SIP_LOCAL_NETS") ? List.of(env.get("CU_SIP_LOCAL_NETS").strip().split("\\s*,\\s*")) : d.localNets(),
                env.getOrDefault("CU_AMI_BIND", d.amiBind()).strip(), amiPort(env.getOrDefault("CU_AMI_PORT", "" + d.amiPort())),
                Optional.ofNullable(env.get("CU_RECORDING_DIR")).filter(v -> !v.isBlank()).map(String::strip));
    }

    private static int amiPort(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CU_AMI_PORT: '" + text + "' is not a port (1-65535)");
        }
    }

    /** The secrets-source name of the AMI user's secret. */
    public String amiSecretName() {
        return "ami-" + amiUser;
    }
}
