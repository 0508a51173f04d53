package io.thinedge.eventhandlers.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Payload text as UTF-8, or nothing when the bytes are not valid UTF-8 (never replaced with '?'). */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static Optional<String> decode(byte[] payload) {
        if (isAscii(payload)) {
            // nearly every payload: the decoder's buffers and copies were 3% of the forwarder's CPU
            return Optional.of(new String(payload, StandardCharsets.US_ASCII));
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean isAscii(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
