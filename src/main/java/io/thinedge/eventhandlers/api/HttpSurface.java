package io.thinedge.eventhandlers.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;

import io.thinedge.eventhandlers.config.InvalidSettingException;

/**
 * One HTTP server for the API, the console, health and metrics, on {@code camel.server.host} and
 * {@code camel.server.port} however they are set. Camel Main reads its {@code camel.server.*}
 * options from the files and {@code -D} but not from the environment, while a placeholder
 * ({@code {{camel.server.port}}}) sees the environment too: {@code CAMEL_SERVER_PORT} used to move
 * health and metrics to a second server, on every interface ({@code camel.management.host}'s
 * default). Here both keys are read once, as any placeholder is, and given to both servers, which
 * Camel then runs as one.
 */
public final class HttpSurface extends MainListenerSupport {

    public static final String HOST = "camel.server.host";
    public static final String PORT = "camel.server.port";
    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final String DEFAULT_PORT = "8080";

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        String host = properties.resolveProperty(HOST).map(String::trim).filter(v -> !v.isEmpty()).orElse(DEFAULT_HOST);
        String port = properties.resolveProperty(PORT).map(String::trim).filter(v -> !v.isEmpty()).orElse(DEFAULT_PORT);
        // 0: any free port (make's class-archive run uses it)
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            throw new InvalidSettingException(PORT, "must be a port number from 0 to 65535, not '" + port + "'");
        }
        // override properties win over every other source, in placeholders and in Camel Main's own options
        properties.addOverrideProperty(HOST, host);
        properties.addOverrideProperty(PORT, port);
        properties.addOverrideProperty("camel.management.host", host);
        properties.addOverrideProperty("camel.management.port", port);
        // the OpenAPI document's server: the address clients use, not the wildcard the server binds
        properties.addOverrideProperty("camel.rest.host", clientHost(host));
        properties.addOverrideProperty("camel.rest.port", port);
        properties.addOverrideProperty("camel.rest.scheme",
                properties.resolveProperty(ApiTls.KEY_STORE).filter(v -> !v.isBlank()).isPresent() ? "https" : "http");
    }

    /** The server's own address, or this machine's name when it listens on every interface. */
    static String clientHost(String host) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** True when {@code host} is a loopback address: only programs on this machine reach the server. */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
