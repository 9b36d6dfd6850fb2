package dev.lakehouse.runtime.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.lakehouse.runtime.metrics.LakehouseMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: every component's numbers in the Prometheus text format, for a Prometheus scrape. Beyond
 * loopback it wants the same bearer token as /api (Prometheus sends one with {@code authorization: credentials:} or
 * {@code bearer_token_file} in its scrape config): topic names, table activity and the data directory's path are
 * not for anyone on the network. On loopback it is open, as /api is.
 */
final class MetricsRoute implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRoute.class);

    private final LakehouseMetrics metrics;
    private final BearerToken auth;

    MetricsRoute(LakehouseMetrics metrics, BearerToken auth) {
        this.metrics = metrics;
        this.auth = auth;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                ConsoleServer.send(exchange, 404, "text/plain; charset=utf-8", "not found: the metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8));
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                ConsoleServer.send(exchange, 405, "text/plain; charset=utf-8", "only GET is supported\n".getBytes(StandardCharsets.UTF_8));
            } else if (!auth.accepts(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"lakehouse\"");
                ConsoleServer.send(exchange, 401, "text/plain; charset=utf-8", ("this lakehouse is open to the network: send 'Authorization: Bearer"
                        + " <console.token>' (in Prometheus's scrape config: authorization: {credentials: <console.token>})\n")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                ConsoleServer.send(exchange, 200, metrics.contentType(), metrics.scrape());
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics request {} failed", exchange.getRequestURI(), e);
        }
    }
}
