package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes of the form {@code POST /api/branches/{name}/merge} to their handlers. An {@link HttpError} becomes
 * its status with {"error": message}, a {@link dev.lakehouse.runtime.Refused} 404, 409 or 400 by its reason;
 * anything else a 500 with the message, the whole story in the log.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** Handles one request. */
    @FunctionalInterface
    public interface Handler {
        void handle(ApiExchange exchange) throws Exception;
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final ObjectMapper json;

    public Router(ObjectMapper json) {
        this.json = json;
    }

    public Router get(String pattern, Handler handler) {
        return add("GET", pattern, handler);
    }

    public Router post(String pattern, Handler handler) {
        return add("POST", pattern, handler);
    }

    public Router put(String pattern, Handler handler) {
        return add("PUT", pattern, handler);
    }

    public Router delete(String pattern, Handler handler) {
        return add("DELETE", pattern, handler);
    }

    private Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, split(pattern), handler));
        return this;
    }

    /** Whether a route matches the path (whatever the method). */
    public boolean handles(String rawPath) {
        String[] path = split(rawPath);
        return routes.stream().anyMatch(route -> match(route.segments(), path).isPresent());
    }

    /** Answers the request; 404 or 405 when no route takes it. */
    public void dispatch(HttpExchange exchange) throws IOException {
        String[] path = split(exchange.getRequestURI().getRawPath());
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = match(route.segments(), path);
            if (parameters.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(exchange.getRequestMethod())) {
                run(route.handler(), new ApiExchange(exchange, json, parameters.get()), exchange);
                return;
            }
        }
        ApiExchange answer = new ApiExchange(exchange, json, Map.of());
        answer.json(pathKnown ? 405 : 404, Map.of("error", pathKnown
                ? exchange.getRequestMethod() + " is not supported on " + exchange.getRequestURI().getPath()
                : "no such API: " + exchange.getRequestURI().getPath()));
    }

    private void run(Handler handler, ApiExchange api, HttpExchange exchange) throws IOException {
        try {
            handler.handle(api);
        } catch (HttpError e) {
            if (!api.answered()) {
                api.json(e.status(), Map.of("error", e.getMessage()));
            }
        } catch (dev.lakehouse.runtime.Refused e) {
            if (!api.answered()) {
                api.json(switch (e.reason()) {
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                    case INVALID -> 400;
                }, Map.of("error", e.getMessage()));
            }
        } catch (EventWriter.ClientGone e) {
            LOG.debug("{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
        } catch (Exception e) {
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            if (!api.answered()) {
                api.json(500, Map.of("error", e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
    }

    private static Optional<Map<String, String>> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String segment = pattern[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                parameters.put(segment.substring(1, segment.length() - 1), URLDecoder.decode(path[i].replace("+", "%2B"), StandardCharsets.UTF_8));
            } else if (!segment.equals(path[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
