package dev.lakehouse.runtime.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.LakehouseStartException;
import dev.lakehouse.runtime.api.ControlApi;
import dev.lakehouse.runtime.api.Router;
import dev.lakehouse.runtime.metrics.LakehouseMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.MethodPredicate;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lakehouse's own HTTP server (Helidon SE's web server: a virtual thread per request, so a query or a pipeline
 * run streaming for minutes holds no pooled thread): GET /health (200 only when every enabled component is ready,
 * 503 otherwise), GET /metrics, the control API under /api (status, SQL, pipelines, branches, topics: see
 * ControlApi) and the web console at / (its files: {@link StaticAssets}). It starts before the components, so
 * /health can be polled through the whole boot.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MethodPredicate READ = Method.predicate(Method.GET, Method.HEAD);

    private final WebServer server;
    private final URI uri;

    private ConsoleServer(WebServer server, URI uri) {
        this.server = server;
        this.uri = uri;
    }

    /** @param token the bearer token every /api request must carry (beyond loopback); empty: none */
    public static ConsoleServer start(Lakehouse lakehouse, String bindAddress, String advertisedHost, int port, Optional<String> token) {
        Router api = ControlApi.routes(lakehouse, JSON);
        BearerToken auth = new BearerToken(token);
        StaticAssets assets = new StaticAssets();
        WebJarAssets webJars = new WebJarAssets();
        MetricsRoute metrics = new MetricsRoute(new LakehouseMetrics(lakehouse), auth);
        WebServer server = WebServers.builder(bindAddress, port)
                .backlog(32)
                // a stop must not wait for a streaming query or pipeline run: their clients see the connection end
                .shutdownGracePeriod(Duration.ofMillis(200))
                .routing(routing -> routes(routing, lakehouse, api, auth, assets, webJars, metrics))
                .build();
        startOrExplain(server, bindAddress, port);
        URI uri = URI.create("http://" + advertisedHost + ":" + server.port());
        LOG.info("Console listening on {}", uri);
        return new ConsoleServer(server, uri);
    }

    private static void routes(HttpRouting.Builder routing, Lakehouse lakehouse, Router api, BearerToken auth, StaticAssets assets,
                               WebJarAssets webJars,
                               MetricsRoute metrics) {
        routing.route(READ, PathMatchers.exact("/health"), (request, response) -> {
                    Map<String, Object> health = StatusReport.health(lakehouse);
                    send(request, response, "UP".equals(health.get("status")) ? 200 : 503, "application/json", json(health));
                })
                .route(READ, PathMatchers.exact("/metrics"), metrics)
                .any("/api/*", (request, response) -> {
                    if (!auth.accepts(request.headers().first(HeaderNames.AUTHORIZATION))) {
                        response.header("WWW-Authenticate", "Bearer realm=\"lakehouse\"");
                        send(request, response, 401, "application/json", json(Map.of("error", "this lakehouse is open to the network: send"
                                + " 'Authorization: Bearer <console.token>' (the lakehouse command line reads it from <data-dir>/run/endpoints.json)")));
                        return;
                    }
                    api.dispatch(request, response);
                })
                // the console's pages load without the token: they hold no data, and ask for it before calling /api
                .route(READ, PathMatchers.any(), (request, response) -> {
                    String path = request.path().rawPath();
                    boolean served = WebJarAssets.handles(path) ? webJars.serve(request, response, path)
                            : StaticAssets.handles(path) && assets.serve(request, response, path);
                    if (!served) {
                        send(request, response, 404, "application/json", json(Map.of("error", "not found",
                                "paths", List.of("/", "/health", "/metrics", "/api/status"))));
                    }
                })
                .any((request, response) -> send(request, response, 405, "application/json", json(Map.of("error", "only GET is supported"))));
    }

    /**
     * Fails, in one line, when the console's port is taken: called before anything starts, so that a port in use
     * stops the start at once, while the web server itself starts beside the components.
     */
    public static void checkPort(String bindAddress, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1);
        } catch (BindException e) {
            throw new LakehouseStartException("console", "port " + port + " on " + bindAddress
                    + " is already in use; stop what uses it, set console.port=<another port>, or start with --ports random", e);
        } catch (IOException e) {
            throw new LakehouseStartException("console", e.getMessage(), e);
        }
    }

    /** Helidon logs a listener that could not bind and returns: say which port, and what to do, in one line. */
    private static void startOrExplain(WebServer server, String bindAddress, int port) {
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new LakehouseStartException("console", e.getMessage(), e);
        }
        if (server.isRunning()) {
            return;
        }
        checkPort(bindAddress, port);
        throw new LakehouseStartException("console", "the web server did not start on " + bindAddress + ":" + port + "; see the log",
                new IllegalStateException("Helidon's web server is not running after start()"));
    }

    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        server.stop();
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer, uncached; a HEAD request gets the headers only. */
    static void send(ServerRequest request, ServerResponse response, int status, String contentType, byte[] body) {
        response.header("Content-Type", contentType);
        if (!response.headers().contains(HeaderNames.CACHE_CONTROL)) {
            response.header("Cache-Control", "no-store");
        }
        response.status(status);
        if (request.prologue().method() == Method.HEAD) {
            response.header("Content-Length", Integer.toString(body.length));
            response.send();
        } else {
            response.send(body);
        }
    }
}
