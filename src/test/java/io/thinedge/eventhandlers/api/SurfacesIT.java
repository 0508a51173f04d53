package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.ForwarderProcess;
import io.thinedge.eventhandlers.support.HandlerApiClient;
import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.RunningForwarder;
import io.thinedge.eventhandlers.support.TokensFiles;

/**
 * The jar's HTTP surface (issue 27): one server for API, console, health and metrics, where the
 * settings put it whichever way they are given (here the environment's {@code CAMEL_SERVER_PORT}
 * alone); tokens only from the {@code Authorization} header, every 401 with
 * {@code WWW-Authenticate: Bearer}; health and metrics behind a root token when
 * {@code observe.require-token} asks for it; a tokens file others may read or write is refused.
 */
class SurfacesIT {

    static final String ROOT_TOKEN = "surfaces-root-token-0123456789";
    static final String TENANT_TOKEN = "surfaces-tenant-token-0123456789";

    static MosquittoBroker broker;
    static ForwarderProcess forwarder;
    static Path tokens;
    static int port;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        Map<String, String> properties = RunningForwarder.defaults(broker);
        port = Integer.parseInt(properties.remove("camel.server.port"));
        properties.put("observe.require-token", "true");
        tokens = TokensFiles.write(Path.of(properties.get("api.tokens-file")),
                "/ " + ROOT_TOKEN + "\n/tenant/ " + TENANT_TOKEN + "\n");
        // the port only in the environment, as the README documents it: -D and the file say nothing
        forwarder = ForwarderProcess.start(properties, null, Map.of("CAMEL_SERVER_PORT", String.valueOf(port)));
    }

    @AfterAll
    static void stop() {
        forwarder.close();
        broker.close();
    }

    @Test
    void should_listen_on_one_socket_at_the_configured_host_and_port_only() throws IOException {
        assertThat(listeningSockets(forwarder.pid())).containsExactly("127.0.0.1:" + port);
        HandlerApiClient root = new HandlerApiClient(forwarder.httpBase(), ROOT_TOKEN);
        assertThat(root.get("").status()).isEqualTo(200);
        assertThat(root.get("http://127.0.0.1:" + port + "/observe/metrics").status()).isEqualTo(200);
        assertThat(root.get("http://127.0.0.1:" + port + "/console/").status()).isEqualTo(200);
        // the OpenAPI document names the address clients use, not the wildcard
        assertThat(root.get("/api/coiotedm/v3/deviceEvents/openapi.json").json().path("servers").get(0).path("url").asText())
                .isEqualTo("http://127.0.0.1:" + port);
    }

    @Test
    void should_take_the_token_from_the_authorization_header_only() {
        HandlerApiClient anonymous = new HandlerApiClient(forwarder.httpBase(), null);
        HandlerApiClient.Answer inQuery = anonymous.get("?Authorization=Bearer%20" + ROOT_TOKEN);
        HandlerApiClient.Answer inLowerCaseQuery = anonymous.get("?authorization=Bearer%20" + ROOT_TOKEN);
        HandlerApiClient.Answer inBoth = new HandlerApiClient(forwarder.httpBase(), ROOT_TOKEN).get("?Authorization=Bearer%20" + ROOT_TOKEN);
        HandlerApiClient.Answer inForm = anonymous.send(anonymous.request("/webhook").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Authorization=Bearer%20" + ROOT_TOKEN)));
        HandlerApiClient.Answer none = anonymous.get("");

        for (HandlerApiClient.Answer refused : List.of(inQuery, inLowerCaseQuery, inBoth, inForm, none)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.response().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(inQuery.error()).contains("Authorization: Bearer <token>' header");
    }

    @Test
    void should_answer_health_and_metrics_with_a_root_token_only_when_required() {
        String metrics = "http://127.0.0.1:" + port + "/observe/metrics";
        String health = "http://127.0.0.1:" + port + "/observe/health?data=true";
        HandlerApiClient anonymous = new HandlerApiClient(forwarder.httpBase(), null);
        HandlerApiClient tenant = new HandlerApiClient(forwarder.httpBase(), TENANT_TOKEN);
        HandlerApiClient root = new HandlerApiClient(forwarder.httpBase(), ROOT_TOKEN);

        for (String url : List.of(metrics, health)) {
            HandlerApiClient.Answer refused = anonymous.get(url);
            assertThat(refused.status()).as(url).isEqualTo(401);
            assertThat(refused.response().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(anonymous.get(url + (url.contains("?") ? "&" : "?") + "access_token=" + ROOT_TOKEN).status()).isEqualTo(401);
            assertThat(tenant.get(url).status()).as(url).isEqualTo(403);
        }
        assertThat(root.get(metrics).status()).isEqualTo(200);
        assertThat(root.get(metrics).body()).contains("# TYPE");
        assertThat(root.get(health).status()).isEqualTo(200);
    }

    @Test
    void should_refuse_a_tokens_file_others_may_read_or_write_and_keep_the_tokens_in_effect() throws IOException {
        String intruder = "intruder-token-0123456789";
        HandlerApiClient root = new HandlerApiClient(forwarder.httpBase(), ROOT_TOKEN);
        try {
            // opened to everyone first, then written to by anyone: the new line must never count
            Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-rw-rw-"));
            Files.writeString(tokens, "/ " + ROOT_TOKEN + "\n/tenant/ " + TENANT_TOKEN + "\n/ " + intruder + "\n");

            await("the refusal logged").atMost(Duration.ofSeconds(20)).until(() -> Files.readString(forwarder.log())
                    .lines().anyMatch(line -> line.contains("ERROR") && line.contains(tokens.toAbsolutePath().toString())
                            && line.contains("rw-rw-rw-") && line.contains("0600")));
            assertThat(root.get("").status()).isEqualTo(200);
            assertThat(new HandlerApiClient(forwarder.httpBase(), intruder).get("").status()).isEqualTo(401);
        } finally {
            TokensFiles.write(tokens, "/ " + ROOT_TOKEN + "\n/tenant/ " + TENANT_TOKEN + "\n");
        }
    }

    /** {@code address:port} of every TCP socket the process listens on, from /proc (Linux). */
    static List<String> listeningSockets(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring("socket:[".length(), link.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/net/" + table));
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns[3].equals("0A") && inodes.contains(columns[9])) { // 0A: LISTEN
                    String[] local = columns[1].split(":");
                    listening.add(address(local[0]).getHostAddress() + ":" + Integer.parseInt(local[1], 16));
                }
            }
        }
        return listening;
    }

    /** /proc's hex address: 32-bit words in the machine's (little-endian) byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = HexFormat.of().parseHex(hex);
        for (int word = 0; word < bytes.length; word += 4) {
            for (int i = 0; i < 2; i++) {
                byte swap = bytes[word + i];
                bytes[word + i] = bytes[word + 3 - i];
                bytes[word + 3 - i] = swap;
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
