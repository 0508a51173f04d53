package io.thinedge.eventhandlers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.thinedge.eventhandlers.support.MosquittoBroker;
import io.thinedge.eventhandlers.support.RunningForwarder;

/** A tokens file others may read or write is refused at start; the one the forwarder writes itself is 0600 and used. */
class TokensFileModeTest {

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
            assertThat(new ApiClient(forwarder.httpBase(), token).get("").status()).isEqualTo(200);
        }
    }
}
