package pe.centralunica.sipconfig.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reloads over AMI against a minimal AMI server that answers Command the way Asterisk 20 does. */
class AsteriskReloaderTest {

    private static AsteriskReloader reloader(FakeAmi ami, String secret) {
        return new AsteriskReloader(new AsteriskReloader.AmiTarget("127.0.0.1", ami.port(), "central-unica", secret, 5_000));
    }

    @Test
    void theTargetNeverShowsItsSecret() {
        var target = new AsteriskReloader.AmiTarget("10.0.0.5", 5038, "central-unica", "s3cret-ami", 5_000);
        assertThat(target.toString()).contains("central-unica@10.0.0.5:5038").doesNotContain("s3cret-ami");
    }

    @Test
    void eachChangedFileGetsItsReloadCommandEndpointsFirst() {
        assertThat(AsteriskReloader.commandsFor(List.of("extensions.conf", "queues.conf", "pjsip.conf", "manager.conf")))
                .containsExactly("module reload res_pjsip.so", "module reload app_queue.so", "dialplan reload", "manager reload");
        assertThat(AsteriskReloader.commandsFor(List.of("musiconhold.conf"))).as("a flagged caller's warning class").containsExactly("moh reload");
        assertThat(AsteriskReloader.commandsFor(List.of("extensions.conf"))).containsExactly("dialplan reload");
        assertThat(AsteriskReloader.commandsFor(List.of("queuerules.conf"))).as("app_queue reads its rules on reload")
                .containsExactly("module reload app_queue.so");
    }

    @Test
    void changedFilesAreReloadedOverAmi() throws Exception {
        try (FakeAmi ami = new FakeAmi("s3cret", Map.of())) {
            var report = reloader(ami, "s3cret").reload(List.of("extensions.conf", "queues.conf"));
            assertThat(report.ok()).isTrue();
            assertThat(ami.commands).containsExactly("module reload app_queue.so", "dialplan reload");
            assertThat(report.commands().get(1).output()).containsExactly("Reloaded: dialplan reload");
        }
    }

    @Test
    void aRefusedCommandStopsTheReloadAndIsReported() throws Exception {
        try (FakeAmi ami = new FakeAmi("s3cret", Map.of("module reload res_pjsip.so", "No such command 'module reload res_pjsip.so'"))) {
            var report = reloader(ami, "s3cret").reload(List.of("pjsip.conf", "extensions.conf"));
            assertThat(report.ok()).isFalse();
            assertThat(report.commands()).singleElement().satisfies(c -> {
                assertThat(c.command()).isEqualTo("module reload res_pjsip.so");
                assertThat(c.ok()).isFalse();
            });
            assertThat(ami.commands).containsExactly("module reload res_pjsip.so");
        }
    }

    @Test
    void aWrongSecretIsAClearError() throws Exception {
        try (FakeAmi ami = new FakeAmi("s3cret", Map.of())) {
            assertThatThrownBy(() -> reloader(ami, "wrong").reload(List.of("extensions.conf")))
                    .isInstanceOf(AsteriskReloader.ReloadException.class)
                    .hasMessageContaining("as central-unica failed after 0 command(s)");
            assertThat(ami.commands).isEmpty();
        }
    }

    @Test
    void nothingChangedMeansNoConnectionAtAll() {
        var report = new AsteriskReloader(new AsteriskReloader.AmiTarget("127.0.0.1", 1, "u", "s", 1000)).reload(List.of());
        assertThat(report.commands()).isEmpty();
        assertThat(report.ok()).isTrue();
    }
}
