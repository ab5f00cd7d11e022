package pe.centralunica.app.config;

import pe.centralunica.console.config.ConfigurationException;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The console's certificate, when HTTPS is on: a PEM pair ({@code CU_TLS_CERT} + {@code CU_TLS_KEY}) or a PKCS#12
 * keystore ({@code CU_TLS_KEYSTORE} + {@code CU_TLS_KEYSTORE_PASSWORD}). Never both: which one is in force must
 * be obvious to whoever renews it.
 */
public sealed interface TlsSettings {

    /** What Vert.x loads the key and certificate from. */
    KeyCertOptions keyCert();

    /** The variable to name when the certificate cannot be loaded. */
    String variable();

    record Pem(Path certificate, Path privateKey) implements TlsSettings {
        @Override
        public KeyCertOptions keyCert() {
            return new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(privateKey.toString());
        }

        @Override
        public String variable() {
            return "CU_TLS_CERT";
        }
    }

    record Pkcs12(Path keystore, String password) implements TlsSettings {
        @Override
        public KeyCertOptions keyCert() {
            return new KeyStoreOptions().setType("PKCS12").setPath(keystore.toString()).setPassword(password);
        }

        @Override
        public String variable() {
            return "CU_TLS_KEYSTORE";
        }

        @Override
        public String toString() {
            return "Pkcs12[" + keystore + "]"; // never the password
        }
    }

    /** From the environment; empty when none of the CU_TLS_* variables is set (plain HTTP). */
    static Optional<TlsSettings> from(Environment env) {
        Optional<String> cert = env.optional("CU_TLS_CERT");
        Optional<String> key = env.optional("CU_TLS_KEY");
        Optional<String> keystore = env.optional("CU_TLS_KEYSTORE");
        if (keystore.isPresent() && (cert.isPresent() || key.isPresent())) {
            throw new ConfigurationException("CU_TLS_KEYSTORE", "set either CU_TLS_KEYSTORE (PKCS#12) or CU_TLS_CERT and"
                    + " CU_TLS_KEY (PEM), not both");
        }
        if (keystore.isPresent()) {
            return Optional.of(new Pkcs12(readable("CU_TLS_KEYSTORE", keystore.get()),
                    env.optional("CU_TLS_KEYSTORE_PASSWORD").orElse("")));
        }
        if (cert.isPresent() != key.isPresent()) {
            String missing = cert.isPresent() ? "CU_TLS_KEY" : "CU_TLS_CERT";
            throw new ConfigurationException(missing, "not set while " + (cert.isPresent() ? "CU_TLS_CERT" : "CU_TLS_KEY")
                    + " is; give both the certificate chain and its private key (PEM files)");
        }
        return cert.map(c -> new Pem(readable("CU_TLS_CERT", c), readable("CU_TLS_KEY", key.orElseThrow())));
    }

    private static Path readable(String variable, String file) {
        Path path = Path.of(file).toAbsolutePath();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigurationException(variable, "cannot read " + path + "; give the path of a readable file");
        }
        return path;
    }
}
