package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

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
    private final ServerRequest request;
    private final ServerResponse response;
    private final ObjectMapper json;
    private final Map<String, String> pathParameters;
    private boolean answered;
    private OutputStream stream;

    ApiExchange(ServerRequest request, ServerResponse response, ObjectMapper json, Map<String, String> pathParameters) {
        this.request = request;
        this.response = response;
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
        String raw = request.query().rawValue();
        if (raw == null || raw.isEmpty()) {
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
        String user = request.headers().first(HeaderNames.create("X-Lakehouse-User")).orElse(null);
        return user == null || user.isBlank() ? System.getProperty("user.name", "lakehouse") : user;
    }

    /** The body as a JSON object (empty when there is no body). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> body() throws IOException {
        byte[] bytes = request.content().hasEntity() ? request.content().inputStream().readAllBytes() : new byte[0];
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
        return request.content().inputStream();
    }

    /** Sets a header of the answer (before it is sent), e.g. Content-Disposition for a file to download. */
    public void header(String name, String value) {
        response.header(name, value);
    }

    /** Answers with a JSON value. */
    public void json(int status, Object value) throws IOException {
        byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        response.header("Content-Type", "application/json");
        response.header("Cache-Control", "no-store");
        answered = true;
        response.status(status).send(body);
    }

    /**
     * Answers with bytes to save as a file ({@code Content-Disposition: attachment}), copied from {@code content} as they
     * come: an object of gigabytes never sits in memory.
     *
     * @param length the number of bytes, or -1 when unknown (then the answer is chunked)
     */
    public void download(String contentType, String fileName, long length, InputStream content) throws IOException {
        response.header("Content-Type", contentType);
        response.header("Cache-Control", "no-store");
        response.header("X-Content-Type-Options", "nosniff");
        // RFC 6266: a plain ASCII fallback, and the exact name in UTF-8 for browsers that read filename*
        String ascii = fileName.replaceAll("[^A-Za-z0-9._ -]", "_");
        response.header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20"));
        answered = true;
        response.status(200);
        if (length >= 0) {
            response.contentLength(length);
        }
        try (OutputStream out = response.outputStream(); content) {
            content.transferTo(out);
        }
    }

    /** Starts a streamed answer (JSON lines); errors after this point are events, not statuses. */
    public EventWriter stream() throws IOException {
        response.header("Content-Type", "application/x-ndjson");
        response.header("Cache-Control", "no-store");
        answered = true;
        stream = response.status(200).outputStream();
        return new EventWriter(stream, json);
    }

    /** Ends a streamed answer (the last chunk); the handler has returned. */
    void finish() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // the client has gone: nothing is left to tell it
            }
        }
    }

    /** Whether the status line has gone out (then an error can only be reported in the stream). */
    boolean answered() {
        return answered;
    }
}
