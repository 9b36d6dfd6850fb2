package dev.lakehouse.runtime.console;

import dev.lakehouse.runtime.metrics.LakehouseMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every component's numbers in the Prometheus text format, for a Prometheus scrape. Beyond
 * loopback it wants the same bearer token as /api (Prometheus sends one with {@code authorization: credentials:} or
 * {@code bearer_token_file} in its scrape config): topic names, table activity and the data directory's path are
 * not for anyone on the network. On loopback it is open, as /api is.
 */
final class MetricsRoute implements Handler {
    private final LakehouseMetrics metrics;
    private final BearerToken auth;

    MetricsRoute(LakehouseMetrics metrics, BearerToken auth) {
        this.metrics = metrics;
        this.auth = auth;
    }

    @Override
    public void handle(ServerRequest request, ServerResponse response) throws IOException {
        if (!auth.accepts(request.headers().first(HeaderNames.AUTHORIZATION))) {
            response.header("WWW-Authenticate", "Bearer realm=\"lakehouse\"");
            ConsoleServer.send(request, response, 401, "text/plain; charset=utf-8", ("this lakehouse is open to the network: send 'Authorization: Bearer"
                    + " <console.token>' (in Prometheus's scrape config: authorization: {credentials: <console.token>})\n")
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            ConsoleServer.send(request, response, 200, metrics.contentType(), metrics.scrape());
        }
    }
}
