package io.thinedge.eventhandlers.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"", "{\"text\":\"plain ASCII\"}", "\u0000\u007f", "caf\u00e9", "\u20ac 5", "\ud83d\ude80 launch"})
    void should_decode_valid_utf8(String text) {
        assertThat(StrictUtf8.decode(text.getBytes(StandardCharsets.UTF_8))).contains(text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C3", "7B C3 7D", "C0 AF", "ED A0 80", "F8 88 80 80 80", "FF", "E2 82"})
    void should_refuse_bytes_that_are_not_utf8(String hex) {
        String[] parts = hex.split(" ");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        assertThat(StrictUtf8.decode(bytes)).isEmpty();
    }
}
