package io.thinedge.eventhandlers.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;

import io.thinedge.eventhandlers.config.InvalidSettingException;

/**
 * HTTPS for the API, health and metrics: {@code api.tls.key-store} (a PKCS12 or JKS file with the
 * server's key and certificate) and {@code api.tls.key-store-password}. When set, the server speaks
 * only TLS on {@code camel.server.port}. Camel Main starts its HTTP server before it applies
 * {@code camel.ssl.*}, so the server's SSL context is set here, before Camel configures itself.
 */
public final class ApiTls extends MainListenerSupport {

    public static final String KEY_STORE = "api.tls.key-store";
    public static final String KEY_STORE_PASSWORD = "api.tls.key-store-password";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        Optional<String> keyStore = setting(properties, KEY_STORE);
        if (keyStore.isEmpty()) {
            return;
        }
        Path file = Path.of(keyStore.get());
        if (!Files.isReadable(file)) {
            throw new InvalidSettingException(KEY_STORE, "names no readable file: " + file.toAbsolutePath());
        }
        String password = setting(properties, KEY_STORE_PASSWORD).orElseThrow(
                () -> new InvalidSettingException(KEY_STORE_PASSWORD, "is missing: " + KEY_STORE + " is set"));
        KeyStoreParameters store = new KeyStoreParameters();
        store.setCamelContext(main.getCamelContext());
        store.setResource("file:" + file);
        store.setPassword(password);
        store.setType(file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setCamelContext(main.getCamelContext());
        keys.setKeyStore(store);
        keys.setKeyPassword(password);
        SSLContextParameters tls = new SSLContextParameters();
        tls.setCamelContext(main.getCamelContext());
        tls.setKeyManagers(keys);
        try {
            tls.createSSLContext(main.getCamelContext()); // a wrong password or a broken file stops the start here
        } catch (Exception e) {
            throw new InvalidSettingException(KEY_STORE, "cannot be opened: " + e.getMessage());
        }
        main.getCamelContext().setSSLContextParameters(tls);
        main.configure().httpServer().setUseGlobalSslContextParameters(true);
    }

    private static Optional<String> setting(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty());
    }
}
