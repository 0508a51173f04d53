package io.thinedge.eventhandlers.sink.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

import io.thinedge.eventhandlers.config.InvalidSettingException;

/**
 * The CAs HTTPS receivers are checked against when {@value #TRUST_STORE} is set: exactly the
 * certificates of that file (a PEM bundle, or a PKCS12/JKS trust store opened with
 * {@value #TRUST_STORE_PASSWORD}) instead of the JVM's. Read once at start; an unreadable or empty
 * file stops the start, naming the key.
 */
public final class WebhookTrust {

    public static final String TRUST_STORE = "webhook.trust-store";
    public static final String TRUST_STORE_PASSWORD = "webhook.trust-store-password";

    private WebhookTrust() {
    }

    /** The SSL configuration to bind as {@link io.thinedge.eventhandlers.sink.SinkBeans#SSL_CONTEXT_BEAN}; empty when the key is not set. */
    public static Optional<SSLContextParameters> fromConfig(Function<String, Optional<String>> lookup) {
        Optional<String> file = lookup.apply(TRUST_STORE).map(String::trim).filter(value -> !value.isEmpty());
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(file.get());
        char[] password = lookup.apply(TRUST_STORE_PASSWORD).map(String::toCharArray).orElse(null);
        KeyStore trusted = load(path, password);
        KeyStoreParameters store = new KeyStoreParameters();
        store.setKeyStore(trusted);
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(store);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setTrustManagers(trust);
        return Optional.of(parameters);
    }

    static KeyStore load(Path path, char[] password) {
        if (!Files.isReadable(path)) {
            throw new InvalidSettingException(TRUST_STORE, "names " + path.toAbsolutePath() + ", which cannot be read");
        }
        try {
            KeyStore store = isPem(path) ? fromPem(path) : fromStoreFile(path, password);
            if (store.size() == 0) {
                throw new InvalidSettingException(TRUST_STORE, "names " + path + ", which holds no certificate");
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // the message of a wrong password names no secret; the key to fix is the password's
            String key = password != null && e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? TRUST_STORE_PASSWORD : TRUST_STORE;
            throw new InvalidSettingException(key, "cannot open " + path + " as a PEM bundle or a PKCS12/JKS trust "
                    + "store (" + TRUST_STORE_PASSWORD + " for a password): " + e.getMessage());
        }
    }

    private static boolean isPem(Path path) throws InvalidSettingException {
        try (InputStream in = Files.newInputStream(path)) {
            String start = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.US_ASCII);
            return start.contains("-----BEGIN ");
        } catch (IOException e) {
            throw new InvalidSettingException(TRUST_STORE, "names " + path + ", which cannot be read: " + e.getMessage());
        }
    }

    private static KeyStore fromPem(Path path) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(path)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int index = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + index++, certificate);
        }
        return store;
    }

    private static KeyStore fromStoreFile(Path path, char[] password) throws IOException, GeneralSecurityException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        return store;
    }
}
