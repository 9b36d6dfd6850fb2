package dev.lakehouse.runtime.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The control API's authentication beyond loopback: every /api request carries {@code Authorization: Bearer <console.token>}
 * (RFC 6750, what curl's {@code -H} and every HTTP client send). On loopback there is none, as before.
 */
final class BearerToken {
    private final Optional<byte[]> expected;

    /** @param token the token to require; empty: none required */
    BearerToken(Optional<String> token) {
        this.expected = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    boolean required() {
        return expected.isPresent();
    }

    /** Whether a request with this Authorization header (or none) may pass. */
    boolean accepts(Optional<String> authorization) {
        if (expected.isEmpty()) {
            return true;
        }
        String header = authorization.orElse(null);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // constant time: the comparison must not tell how much of a guess was right
        return MessageDigest.isEqual(expected.get(), header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
