package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pe.centralunica.db.Database;
import pe.centralunica.db.testing.TestDatabases;
import pe.centralunica.sipconfig.topology.JdbcTopologyRepository;
import pe.centralunica.sipconfig.topology.SipTopology;

/**
 * The configuration generated for the reference data (V2 + V5): golden files, determinism, the contract
 * contexts kept verbatim, validation, and the exact diff a data change produces.
 */
class AsteriskConfigGeneratorTest {

    private static Database db;
    private static SipTopology reference;
    private static Map<String, String> referenceFiles;

    @BeforeAll
    static void database() {
        db = TestDatabases.fresh();
        reference = new JdbcTopologyRepository(db.dataSource()).load();
        referenceFiles = ConfigFixtures.generator(ConfigFixtures.referenceSecrets()).generate(reference);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** Regenerate with {@code -Dgolden.update=true} after an intended change, then review the diff in git. */
    @Test
    void referenceDataGivesTheGoldenFiles() throws IOException {
        assertThat(referenceFiles).containsOnlyKeys("extensions.conf", "queues.conf", "queuerules.conf", "pjsip.conf", "manager.conf",
                "cdr_custom.conf", "musiconhold.conf");
        if (Boolean.getBoolean("golden.update")) {
            Path dir = Path.of("src/test/resources/golden");
            for (var e : referenceFiles.entrySet()) Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        for (var e : referenceFiles.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(golden(e.getKey()));
        }
    }

    @Test
    void sameDataGivesTheSameBytes() {
        SipTopology again = new JdbcTopologyRepository(db.dataSource()).load();
        assertThat(ConfigFixtures.generator(ConfigFixtures.referenceSecrets()).generate(again)).isEqualTo(referenceFiles);
    }

    @Test
    void referenceConfigurationPassesTheValidator() {
        assertThat(new ConfigValidator().problems(referenceFiles, reference)).isEmpty();
    }

    @Test
    void contractContextsAreCopiedByteForByteFromTheStaticDialplan() {
        ContractDialplan contract = ContractDialplan.fromClasspath();
        ContractDialplan generated = ContractDialplan.parse(referenceFiles.get("extensions.conf"));
        for (String context : ContractDialplan.CONTRACT_CONTEXTS) {
            assertThat(generated.require(context).text()).as(context).isEqualTo(contract.require(context).text());
        }
        assertThat(generated.preamble()).startsWith(contract.preamble());
        assertThat(generated.require("globals").body()).isEqualTo(contract.require("globals").body());
        // Every line of the static [cu-inbound] is in the generated one (which adds a comment per number).
        for (String line : contract.require("cu-inbound").body().split("\n")) {
            assertThat(generated.require("cu-inbound").body()).contains(line);
        }
        assertThat(generated.contexts()).containsSubsequence("globals", "cu-inbound", "cu-triage", "cu-panic", "cu-route",
                "cu-fallback", "cu-panic-devices", "cu-monitoring", "cu-phones");
    }

    @Test
    void everyInboundNumberEntersTriage() {
        assertThat(referenceFiles.get("extensions.conf")).contains(
                "exten => 911,1,Goto(cu-triage,${EXTEN},1) ; universal: Central 911\n",
                "exten => 100,1,Goto(cu-triage,${EXTEN},1) ; legacy: Línea 100 (histórico)\n",
                "exten => 105,1,Goto(cu-triage,${EXTEN},1)", "exten => 106,1,Goto(cu-triage,${EXTEN},1)",
                "exten => 116,1,Goto(cu-triage,${EXTEN},1)");
    }

    @Test
    void aRuleChangeRegeneratesNothing() {
        Database fresh = TestDatabases.fresh();
        try (fresh) {
            ConfigFixtures.execute(fresh.dataSource(),
                    "UPDATE routing_rule SET priority = 2, updated_by = 'test' WHERE name = 'Incendio: bomberos'",
                    "DELETE FROM routing_rule_target WHERE target_code = 'T-SAMU'");
            Map<String, String> after = generate(fresh);
            assertThat(after).isEqualTo(referenceFiles);
        }
    }

    @Test
    void aNewDistrictWithItsCentralAndDidRegeneratesExactlyTheExpectedDiff() {
        Database fresh = TestDatabases.fresh();
        try (fresh) {
            ConfigFixtures.execute(fresh.dataSource(),
                    "INSERT INTO district (ubigeo, name, jurisdiction_code, dtmf_code) VALUES ('150144', 'Distrito Nuevo', 'LIMA', '44')",
                    "INSERT INTO agency (code, name, kind, district_ubigeo) VALUES ('SER-150144', 'Serenazgo de Distrito Nuevo', 'SERENAZGO', '150144')",
                    "INSERT INTO route_target (code, agency_code, kind, asterisk_name, ring_timeout_s) VALUES ('Q-SER-150144', 'SER-150144', 'QUEUE', 'ser-150144', 20)",
                    "INSERT INTO inbound_number (number, kind, district_ubigeo, description) VALUES ('014440144', 'DID', '150144', 'Central de Distrito Nuevo')");
            Map<String, String> after = generate(fresh);

            assertThat(LineDiff.of(referenceFiles.get("extensions.conf"), after.get("extensions.conf"))).containsExactly(
                    "+exten => 014440144,1,Set(CU_TRUNK_DISTRICT=150144) ; did: Central de Distrito Nuevo",
                    "+ same => n,Goto(cu-triage,${EXTEN},1)");
            assertThat(LineDiff.of(referenceFiles.get("queues.conf"), after.get("queues.conf"))).containsExactly(
                    "+; Serenazgo de Distrito Nuevo (Q-SER-150144)", "+[ser-150144](cu-step-queue)", "+");
            assertThat(after.get("pjsip.conf")).isEqualTo(referenceFiles.get("pjsip.conf"));
            assertThat(after.get("manager.conf")).isEqualTo(referenceFiles.get("manager.conf"));

            // A rename shows as exactly that line.
            ConfigFixtures.execute(fresh.dataSource(), "UPDATE agency SET name = 'Serenazgo de Miraflores (central)' WHERE code = 'SER-150122'");
            Map<String, String> renamed = generate(fresh);
            assertThat(LineDiff.of(after.get("queues.conf"), renamed.get("queues.conf"))).containsExactlyInAnyOrder(
                    "-; Serenazgo de Miraflores (Q-SER-150122)", "+; Serenazgo de Miraflores (central) (Q-SER-150122)");
            assertThat(renamed.get("extensions.conf")).isEqualTo(after.get("extensions.conf"));
        }
    }

    @Test
    void devicesPhonesAndDistrictTrunksAppearWithTheirContexts() {
        Database fresh = TestDatabases.fresh();
        try (fresh) {
            ConfigFixtures.execute(fresh.dataSource(),
                    "INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo, camera_id)"
                            + " VALUES ('PB-0001', '5110001', -12.12, -77.03, 'Parque Kennedy', '150122', 'CAM-7')",
                    "INSERT INTO app_user (username, display_name, password_hash, role, agency_code, phone_interface)"
                            + " VALUES ('ana.disp', 'Ana', 'x', 'DISPATCHER', 'SER-150122', 'PJSIP/disp-101')",
                    "INSERT INTO sip_trunk (endpoint, direction, host, port, district_ubigeo) VALUES ('carrier-mira', 'INBOUND', '192.0.2.30', 5060, '150122')");
            Map<String, String> secrets = new HashMap<>(ConfigFixtures.REFERENCE_SECRETS);
            secrets.put("panic-PB-0001", "pb-secret");
            secrets.put("disp-101", "phone-secret");
            SipTopology topology = new JdbcTopologyRepository(fresh.dataSource()).load();
            Map<String, String> files = ConfigFixtures.generator(Secrets.of(secrets)).generate(topology);

            assertThat(new ConfigValidator().problems(files, topology)).isEmpty();
            assertThat(files.get("extensions.conf")).contains("""
                    [cu-trunk-carrier-mira]
                    exten => _X.,1,Set(CU_TRUNK_DISTRICT=150122)
                     same => n,Goto(cu-inbound,${EXTEN},1)
                    """);
            assertThat(files.get("pjsip.conf")).contains("""
                    [panic-PB-0001](cu-endpoint)
                    context = cu-panic-devices
                    auth = panic-PB-0001
                    aors = panic-PB-0001
                    callerid = <5110001>
                    """, """
                    [disp-101](cu-endpoint)
                    context = cu-phones
                    """, """
                    [carrier-mira](cu-endpoint)
                    context = cu-trunk-carrier-mira
                    """, "password = pb-secret\n");
            assertThat(files.get("queues.conf")).contains("[ser-150122](cu-step-queue)\nmember => PJSIP/disp-101\n");
        }
    }

    @Test
    void aQueueWithAQuechuaSpeakerGetsAQuechuaVariantWhereTheSpeakerRingsFirst() {
        Database fresh = TestDatabases.fresh();
        try (fresh) {
            ConfigFixtures.execute(fresh.dataSource(),
                    "INSERT INTO app_user (username, display_name, password_hash, role, agency_code, phone_interface, languages)"
                            + " VALUES ('rosa.disp', 'Rosa', 'x', 'DISPATCHER', 'SER-150122', 'PJSIP/disp-101', '{es,qu}')",
                    "INSERT INTO app_user (username, display_name, password_hash, role, agency_code, phone_interface)"
                            + " VALUES ('juan.disp', 'Juan', 'x', 'DISPATCHER', 'SER-150122', 'PJSIP/disp-102')",
                    "INSERT INTO app_user (username, display_name, password_hash, role, agency_code, phone_interface)"
                            + " VALUES ('eva.disp', 'Eva', 'x', 'DISPATCHER', 'SER-150132', 'PJSIP/disp-201')");
            Map<String, String> secrets = new HashMap<>(ConfigFixtures.REFERENCE_SECRETS);
            for (String phone : new String[] {"disp-101", "disp-102", "disp-201"}) secrets.put(phone, "phone-secret");
            SipTopology topology = new JdbcTopologyRepository(fresh.dataSource()).load();
            Map<String, String> files = ConfigFixtures.generator(Secrets.of(secrets)).generate(topology);

            assertThat(new ConfigValidator().problems(files, topology)).isEmpty();
            assertThat(files.get("queues.conf")).contains("""
                    [ser-150122](cu-step-queue)
                    member => PJSIP/disp-101
                    member => PJSIP/disp-102

                    [ser-150122-qu](cu-step-queue,cu-language-queue)
                    member => PJSIP/disp-101,0
                    member => PJSIP/disp-102,1
                    """, "[ser-150132](cu-step-queue)\nmember => PJSIP/disp-201\n");
            // Spanish callers use the plain queue: no variant for es, none where nobody speaks another language.
            assertThat(files.get("queues.conf")).doesNotContain("[ser-150122-es]", "[ser-150122-ay]", "[ser-150132-");
            assertThat(files.get("queuerules.conf")).contains("[cu-language-first]\npenaltychange => 1,,,1\n");
        }
    }

    @Test
    void aMissingSecretNamesTheEndpointAndWhereToPutIt() {
        Database fresh = TestDatabases.fresh();
        try (fresh) {
            ConfigFixtures.execute(fresh.dataSource(),
                    "INSERT INTO panic_button (device_id, caller_id, latitude, longitude, address, district_ubigeo)"
                            + " VALUES ('PB-0002', '5110002', -12.1, -77.0, 'Av. Larco 100', '150122')");
            SipTopology topology = new JdbcTopologyRepository(fresh.dataSource()).load();
            assertThatThrownBy(() -> ConfigFixtures.generator(ConfigFixtures.referenceSecrets()).generate(topology))
                    .isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("panic button 'panic-PB-0002'")
                    .hasMessageContaining("CU_SIP_SECRET_PANIC_PB_0002")
                    .hasMessageContaining("CU_SIP_SECRETS_FILE");
        }
    }

    private static Map<String, String> generate(Database database) {
        return ConfigFixtures.generator(ConfigFixtures.referenceSecrets()).generate(new JdbcTopologyRepository(database.dataSource()).load());
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = AsteriskConfigGeneratorTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden/" + name + " (create it with -Dgolden.update=true)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
