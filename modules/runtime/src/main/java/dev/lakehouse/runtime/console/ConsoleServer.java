package dev.lakehouse.runtime.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.LakehouseStartException;
import dev.lakehouse.runtime.api.ControlApi;
import dev.lakehouse.runtime.api.Router;
import dev.lakehouse.runtime.metrics.LakehouseMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The lakehouse's own small HTTP server (JDK built-in, no dependencies): GET /health (200 only when every
 * enabled component is ready, 503 otherwise), the control API under /api (status, SQL, pipelines, branches,
 * topics: see ControlApi), and the web console at / (its files: {@link StaticAssets}). It starts before the
 * components, so /health can be polled through the whole boot. Each request runs on a virtual thread of its own:
 * a query or a pipeline run streaming for minutes holds no pooled thread.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;

    private ConsoleServer(HttpServer server, ExecutorService executor, URI uri) {
        this.server = server;
        this.executor = executor;
        this.uri = uri;
    }

    /** @param token the bearer token every /api request must carry (beyond loopback); empty: none */
    public static ConsoleServer start(Lakehouse lakehouse, String bindAddress, String advertisedHost, int port, java.util.Optional<String> token) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 32);
        } catch (BindException e) {
            throw new LakehouseStartException("console", "port " + port + " on " + bindAddress
                    + " is already in use; stop what uses it, set console.port=<another port>, or start with --ports random", e);
        } catch (IOException e) {
            throw new LakehouseStartException("console", e.getMessage(), e);
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lakehouse-console-", 0).factory());
        server.setExecutor(executor);
        Router api = ControlApi.routes(lakehouse, JSON);
        BearerToken auth = new BearerToken(token);
        StaticAssets assets = new StaticAssets();
        WebJarAssets webJars = new WebJarAssets();
        server.createContext("/", exchange -> handle(exchange, lakehouse, api, auth, assets, webJars));
        server.createContext("/metrics", new MetricsRoute(new LakehouseMetrics(lakehouse), auth));
        server.start();
        URI uri = URI.create("http://" + advertisedHost + ":" + server.getAddress().getPort());
        LOG.info("Console listening on {}", uri);
        return new ConsoleServer(server, executor, uri);
    }

    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange, Lakehouse lakehouse, Router api, BearerToken auth, StaticAssets assets,
                               WebJarAssets webJars)
            throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().startsWith("/api/")) {
                if (!auth.accepts(exchange)) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"lakehouse\"");
                    send(exchange, 401, "application/json", json(Map.of("error", "this lakehouse is open to the network: send"
                            + " 'Authorization: Bearer <console.token>' (the lakehouse command line reads it from <data-dir>/run/endpoints.json)")));
                    return;
                }
                api.dispatch(exchange);
                return;
            }
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "application/json", json(Map.of("error", "only GET is supported")));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            // the console's pages load without the token: they hold no data, and ask for it before calling /api
            if (WebJarAssets.handles(path) ? webJars.serve(exchange, path) : StaticAssets.handles(path) && assets.serve(exchange, path)) {
                return;
            }
            switch (path) {
                case "/health" -> {
                    Map<String, Object> health = StatusReport.health(lakehouse);
                    send(exchange, "UP".equals(health.get("status")) ? 200 : 503, "application/json", json(health));
                }
                default -> send(exchange, 404, "application/json", json(Map.of("error", "not found",
                        "paths", java.util.List.of("/", "/health", "/metrics", "/api/status"))));
            }
        } catch (RuntimeException e) {
            LOG.warn("console request {} failed", exchange.getRequestURI(), e);
        }
    }

    private static byte[] json(Object value) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    }

    /** The answer, uncached; a HEAD request gets the headers only. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

}
