package pe.centralunica.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUrlsTest {

    @Test
    void passwordsInTheQueryStringAreHiddenAndEverythingElseKept() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/cu?user=cu&password=s3cret&sslpassword=k3y&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/cu?user=cu&password=***&sslpassword=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://db/cu?PASSWORD=s3cret")).isEqualTo("jdbc:postgresql://db/cu?PASSWORD=***");
    }

    @Test
    void aPasswordBeforeTheHostIsHidden() {
        assertThat(JdbcUrls.redact("postgres://cu:s3cret@db:5432/cu")).isEqualTo("postgres://cu:***@db:5432/cu");
    }

    @Test
    void aUrlWithoutSecretsIsUnchanged() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://127.0.0.1:5432/test")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    }

    @Test
    void settingsNeverShowThePassword() {
        var settings = DatabaseSettings.of("jdbc:postgresql://db/cu?password=s3cret", "cu", "other-s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret");
    }
}
