package pe.centralunica.console.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    @Test
    void forwardedForCountsOnlyBehindATrustedProxyAndOnlyItsLastHop() {
        assertThat(ClientAddress.resolve("10.0.0.5", "203.0.113.9", false)).isEqualTo("10.0.0.5");
        assertThat(ClientAddress.resolve("10.0.0.5", "1.2.3.4, 203.0.113.9", true)).as("a client-chosen first hop is ignored")
                .isEqualTo("203.0.113.9");
        assertThat(ClientAddress.resolve("10.0.0.5", null, true)).isEqualTo("10.0.0.5");
        assertThat(ClientAddress.resolve("10.0.0.5", " , ", true)).isEqualTo("10.0.0.5");
    }
}
