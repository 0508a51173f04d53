package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.RunningForwarder;
import io.thinedge.eventhandlers.support.TestCertificates;

/**
 * The API is reachable from this machine only unless configured otherwise, speaks HTTPS when given a
 * key store, and uses a tokens file only when no other user may read or write it.
 */
class ApiExposureTest {

    static MosquittoBroker broker;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void should_listen_on_the_loopback_address_only_by_default() throws Exception {
        var properties = RunningForwarder.defaults(broker);
        int port = Integer.parseInt(properties.get("camel.server.port"));
        try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
            // 127.0.0.2 is this machine too, but not the address the server is bound to
            assertThatThrownBy(() -> connect("127.0.0.2", port)).isInstanceOf(ConnectException.class);
            connect("127.0.0.1", port);
        }
        // camel.server.host moves it (tests bind nothing beyond the loopback range)
        var moved = withProperty(RunningForwarder.defaults(broker), "camel.server.host", "127.0.0.2");
        int movedPort = Integer.parseInt(moved.get("camel.server.port"));
        try (RunningForwarder elsewhere = RunningForwarder.start(moved)) {
            connect("127.0.0.2", movedPort);
            assertThatThrownBy(() -> connect("127.0.0.1", movedPort)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void should_serve_the_api_over_https_only_when_a_key_store_is_configured() throws Exception {
        TestCertificates certificate = TestCertificates.selfSigned();
        var properties = RunningForwarder.defaults(broker);
        properties.put(ApiTls.KEY_STORE, certificate.keyStoreFile("api-secret").toString());
        properties.put(ApiTls.KEY_STORE_PASSWORD, "api-secret");
        try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
            String https = "https://127.0.0.1:" + properties.get("camel.server.port");
            String token = CoioteDocumentedBodiesTest.rootToken(properties.get("api.tokens-file"));
            HttpClient trusting = HttpClient.newBuilder().sslContext(certificate.clientContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();

            HttpResponse<String> list = trusting.send(HttpRequest.newBuilder(URI.create(https + HandlerApiClient.BASE))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(URI.create(https + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(list.body()).isEqualTo("[]");
            assertThat(health.statusCode()).isEqualTo(200);
            // plain HTTP on the same port gets no answer: the server speaks only TLS
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(forwarder.httpBase() + "/observe/health")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void should_refuse_to_start_with_a_key_store_it_cannot_open_naming_the_key() {
        var properties = RunningForwarder.defaults(broker);
        properties.put(ApiTls.KEY_STORE, TestCertificates.selfSigned().keyStoreFile("right").toString());
        properties.put(ApiTls.KEY_STORE_PASSWORD, "wrong");

        assertThatThrownBy(() -> RunningForwarder.start(properties).close())
                .hasStackTraceContaining("Configuration key " + ApiTls.KEY_STORE + " cannot be opened");
    }

    private static java.util.Map<String, String> withProperty(java.util.Map<String, String> properties, String key, String value) {
        properties.put(key, value);
        return properties;
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        }
    }

    @Test
    void should_refuse_to_start_with_a_tokens_file_others_may_read() throws Exception {
        Map<String, String> properties = RunningForwarder.defaults(broker);
        Path tokens = Path.of(properties.get("api.tokens-file"));
        Files.writeString(tokens, "/ readable-token-0123456789\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> RunningForwarder.start(properties).close())
                .hasMessageContaining(tokens.toAbsolutePath().toString()).hasMessageContaining("rw-r--r--")
                .hasMessageContaining("0600");
    }

    @Test
    void should_start_with_the_tokens_file_it_writes_itself() throws Exception {
        Map<String, String> properties = RunningForwarder.defaults(broker);
        Path tokens = Path.of(properties.get("api.tokens-file"));
        try (RunningForwarder forwarder = RunningForwarder.start(properties)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-------");
            String token = CoioteDocumentedBodiesTest.rootToken(tokens.toString());
            assertThat(new HandlerApiClient(forwarder.httpBase(), token).get("").status()).isEqualTo(200);
        }
    }
}
