package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
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

    /**
     * Answers the request; 404 or 405 when no route takes it. The web server hands every /api request here: its
     * path parameters are split from the raw path and then decoded, so a branch named {@code feature/x} can be
     * {@code /api/branches/feature%2Fx}.
     */
    public void dispatch(ServerRequest request, ServerResponse response) throws IOException {
        String method = request.prologue().method().text();
        String[] path = split(request.path().rawPath());
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> parameters = match(route.segments(), path);
            if (parameters.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(method)) {
                run(route.handler(), new ApiExchange(request, response, json, parameters.get()), method + " " + request.path().path());
                return;
            }
        }
        ApiExchange answer = new ApiExchange(request, response, json, Map.of());
        answer.json(pathKnown ? 405 : 404, Map.of("error", pathKnown
                ? method + " is not supported on " + request.path().path()
                : "no such API: " + request.path().path()));
    }

    private void run(Handler handler, ApiExchange api, String request) throws IOException {
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
            LOG.debug("{}: {}", request, e.getMessage());
        } catch (Exception e) {
            LOG.warn("{} failed", request, e);
            if (!api.answered()) {
                api.json(500, Map.of("error", e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        } finally {
            api.finish();
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
