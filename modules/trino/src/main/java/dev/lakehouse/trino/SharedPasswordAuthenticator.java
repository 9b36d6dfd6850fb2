package dev.lakehouse.trino;

import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.BasicPrincipal;
import io.trino.spi.security.PasswordAuthenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;

/**
 * Trino's password authentication for a lakehouse open to a network: any user name with the password trino.password.
 * The user name stays what it is in Trino (who ran a query), as the lakehouse's own sessions name their user; the
 * password is what keeps strangers out. Bound straight into the coordinator's PasswordAuthenticatorManager, so no
 * password file nor plugin folder is needed.
 */
final class SharedPasswordAuthenticator implements PasswordAuthenticator {
    private final byte[] password;

    SharedPasswordAuthenticator(String password) {
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Principal createAuthenticatedPrincipal(String user, String password) {
        // constant time: the comparison must not tell how much of a guess was right
        if (user == null || user.isBlank() || !MessageDigest.isEqual(this.password, String.valueOf(password).getBytes(StandardCharsets.UTF_8))) {
            throw new AccessDeniedException("Invalid credentials");
        }
        return new BasicPrincipal(user);
    }
}
