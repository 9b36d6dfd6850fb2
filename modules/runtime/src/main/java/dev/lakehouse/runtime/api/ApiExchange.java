package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One API request and its answer: path parameters, the JSON body, a JSON answer or a stream of events. */
public final class ApiExchange {
    private final HttpExchange exchange;
    private final ObjectMapper json;
    private final Map<String, String> pathParameters;
    private boolean answered;

    ApiExchange(HttpExchange exchange, ObjectMapper json, Map<String, String> pathParameters) {
        this.exchange = exchange;
        this.json = json;
        this.pathParameters = Map.copyOf(pathParameters);
    }

    /** A {name} of the route's pattern, decoded. */
    public String path(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no {" + name + "}");
        }
        return value;
    }

    /** A query parameter, decoded. */
    public Optional<String> query(String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** Who the command line runs as (it says so in a header), for commit authors; the process's user otherwise. */
    public String user() {
        String user = exchange.getRequestHeaders().getFirst("X-Lakehouse-User");
        return user == null || user.isBlank() ? System.getProperty("user.name", "lakehouse") : user;
    }

    /** The body as a JSON object (empty when there is no body). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> body() throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        if (bytes.length == 0) {
            return new HashMap<>();
        }
        try {
            Object value = json.readValue(bytes, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the request body is not JSON: " + e.getOriginalMessage());
        }
        throw HttpError.badRequest("the request body must be a JSON object");
    }

    /** The body as it arrives (a stream of lines to produce). */
    public InputStream rawBody() {
        return exchange.getRequestBody();
    }

    /** Sets a header of the answer (before it is sent), e.g. Content-Disposition for a file to download. */
    public void header(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /** Answers with a JSON value. */
    public void json(int status, Object value) throws IOException {
        byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        answered = true;
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Starts a streamed answer (JSON lines); errors after this point are events, not statuses. */
    public EventWriter stream() throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        answered = true;
        exchange.sendResponseHeaders(200, 0);
        return new EventWriter(exchange.getResponseBody(), json);
    }

    /** Whether the status line has gone out (then an error can only be reported in the stream). */
    boolean answered() {
        return answered;
    }
}
