package dev.lakehouse.catalog;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The catalog's authentication beyond loopback: every request carries {@code Authorization: Bearer <catalog.token>},
 * what Iceberg's RESTCatalog sends for its {@code token} property and Nessie's client for
 * {@code nessie.authentication.type=BEARER}. Refused requests get 401 in the JSON of the API asked (Iceberg's
 * ErrorResponse or Nessie's error), so each client reports it as its own "not authorized".
 */
@PreMatching
final class BearerTokenFilter implements ContainerRequestFilter {
    private static final String MESSAGE = "this catalog is open to the network: send 'Authorization: Bearer <catalog.token>'";

    /** Which API's error JSON a refusal is written in. */
    enum Api {
        ICEBERG("{\"error\":{\"message\":\"" + MESSAGE + "\",\"type\":\"NotAuthorizedException\",\"code\":401}}"),
        NESSIE("{\"status\":401,\"reason\":\"Unauthorized\",\"message\":\"" + MESSAGE + "\",\"errorCode\":\"UNKNOWN\"}");

        private final String body;

        Api(String body) {
            this.body = body;
        }
    }

    private final byte[] token;
    private final Api api;

    BearerTokenFilter(String token, Api api) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.api = api;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean valid = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                // constant time: the comparison must not tell how much of a guess was right
                && MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        if (!valid) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lakehouse-catalog\"")
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(api.body).build());
        }
    }
}
