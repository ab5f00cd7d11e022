package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void theEnvironmentWinsOverTheSecretsFile() throws IOException {
        Path file = Files.writeString(dir.resolve("secrets.properties"), "disp-101=from-file\npanic-PB-1=pb-file\n");
        Secrets s = Secrets.from(Map.of("CU_SIP_SECRETS_FILE", file.toString(), "CU_SIP_SECRET_DISP_101", "from-env"));
        assertThat(s.require("disp-101", "phone")).isEqualTo("from-env");
        assertThat(s.require("panic-PB-1", "panic button")).isEqualTo("pb-file");
    }

    @Test
    void aMissingSecretSaysWhichEndpointAndWhichVariable() {
        Secrets s = Secrets.from(Map.of());
        assertThatThrownBy(() -> s.require("trunk-pnp", "trunk"))
                .isInstanceOf(Secrets.MissingSecretException.class)
                .hasMessage("no secret for trunk 'trunk-pnp': set CU_SIP_SECRET_TRUNK_PNP or add 'trunk-pnp=…' to the"
                        + " properties file named by CU_SIP_SECRETS_FILE (not set)");
    }

    @Test
    void aSecretThatWouldBreakTheConfLineIsRefused() {
        Secrets s = Secrets.of(Map.of("disp-101", "abc;def"));
        assertThatThrownBy(() -> s.require("disp-101", "phone")).hasMessageContaining("contains ';'");
    }

    @Test
    void anUnreadableSecretsFileIsAnError() {
        assertThatThrownBy(() -> Secrets.from(Map.of("CU_SIP_SECRETS_FILE", dir.resolve("absent").toString())))
                .hasMessageContaining("cannot read the secrets file");
    }
}
