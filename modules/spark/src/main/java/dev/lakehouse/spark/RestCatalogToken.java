package dev.lakehouse.spark;

import java.net.URI;
import java.util.Map;

/**
 * What Iceberg's RESTCatalog needs to send the bearer token of a catalog open to a network: its {@code token} property,
 * with the auth type said (Iceberg infers oauth2 from the token, with a warning each time) and no refresh (the token is
 * a fixed secret, not a token the catalog issued and would renew).
 */
public final class RestCatalogToken {
    private RestCatalogToken() {
    }

    /** @param icebergRest the REST catalog's URI (.../iceberg) */
    public static Map<String, String> properties(URI icebergRest, String token) {
        return Map.of(
                "token", token,
                "rest.auth.type", "oauth2",
                "token-refresh-enabled", "false",
                // Iceberg's own default, said explicitly so it stops warning; never called: the token is not exchanged
                "oauth2-server-uri", icebergRest + "/v1/oauth/tokens");
    }
}
