package dev.lakehouse.client;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control API of a running lakehouse (served on its console port under /api), as the command line uses
 * it. The JDK's HttpURLConnection, not its newer HttpClient: the latter costs about 0.3 s of class loading
 * on a first request, more than the whole rest of a client command.
 */
public final class LakehouseClient {
    /** Numbers keep their text (1.5E-7 stays 1.5E-7, 2.50 stays 2.50): the client prints what the engine said. */
    static final JSON JSON_CODEC = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    /** A plain call answers at once; a stream (a query, a pipeline run) may be quiet for as long as its work is. */
    private static final int CALL_TIMEOUT_MILLIS = 120_000;

    private final RunningLakehouse lakehouse;

    public LakehouseClient(RunningLakehouse lakehouse) {
        this.lakehouse = lakehouse;
    }

    public RunningLakehouse lakehouse() {
        return lakehouse;
    }

    /** A GET answered with a JSON object. */
    public Map<String, Object> get(String path) throws IOException {
        return asObject(call("GET", path, null));
    }

    /** A GET answered with a JSON array of objects. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String path) throws IOException {
        Object answer = call("GET", path, null);
        if (!(answer instanceof List<?> list)) {
            throw new ApiException(200, "expected a list from " + path + ", got " + answer);
        }
        return (List<Map<String, Object>>) list;
    }

    public Map<String, Object> post(String path, Map<String, ?> body) throws IOException {
        return asObject(call("POST", path, body));
    }

    /** A POST answered with a JSON array of objects. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> postForList(String path, Map<String, ?> body) throws IOException {
        Object answer = call("POST", path, body);
        if (!(answer instanceof List<?> list)) {
            throw new ApiException(200, "expected a list from " + path + ", got " + answer);
        }
        return (List<Map<String, Object>>) list;
    }

    public Map<String, Object> delete(String path) throws IOException {
        return asObject(call("DELETE", path, null));
    }

    /**
     * A request whose answer is a stream of JSON lines (a query's rows, a pipeline's progress), read as they
     * come. The caller closes it.
     */
    public EventStream stream(String path, Map<String, ?> body) throws IOException {
        HttpURLConnection connection = open("POST", path, 0);
        send(connection, body);
        return new EventStream(connection, reader(connection));
    }

    /** A request whose body is a stream of text lines (stdin for a topic), answered with one JSON object. */
    public Map<String, Object> upload(String path, InputStream lines, java.util.function.LongConsumer sentSoFar) throws IOException {
        HttpURLConnection connection = open("POST", path, 0);
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(64 * 1024);
        connection.setRequestProperty("Content-Type", "text/plain; charset=utf-8");
        try (OutputStream out = connection.getOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long sent = 0;
            int read;
            while ((read = lines.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                sent += read;
                sentSoFar.accept(sent);
            }
        } catch (ConnectException e) {
            throw notAnswering(e);
        }
        try (BufferedReader reader = reader(connection)) {
            return asObject(JSON_CODEC.anyFrom(reader));
        }
    }

    /** Asks the lakehouse to stop an operation it runs for this client (a query, a pipeline run, a producer). */
    public void cancel(String operationId) {
        try {
            call("DELETE", "/api/operations/" + encode(operationId), null);
        } catch (IOException | ApiException e) {
            // it ended on its own, or the lakehouse is gone: either way nothing runs any more
        }
    }

    private Object call(String method, String path, Map<String, ?> body) throws IOException {
        HttpURLConnection connection = open(method, path, CALL_TIMEOUT_MILLIS);
        send(connection, body);
        try (BufferedReader reader = reader(connection)) {
            return JSON_CODEC.anyFrom(reader);
        }
    }

    private HttpURLConnection open(String method, String path, int readTimeoutMillis) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) lakehouse.console().resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("X-Lakehouse-User", System.getProperty("user.name", "lakehouse"));
        lakehouse.consoleToken().ifPresent(token -> connection.setRequestProperty("Authorization", "Bearer " + token));
        return connection;
    }

    private void send(HttpURLConnection connection, Map<String, ?> body) throws IOException {
        try {
            if (body == null) {
                connection.connect();
                return;
            }
            byte[] bytes = JSON_CODEC.asBytes(body);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bytes.length);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        } catch (ConnectException e) {
            throw notAnswering(e);
        }
    }

    /** The answer's body; an error status becomes an ApiException carrying the lakehouse's own message. */
    private BufferedReader reader(HttpURLConnection connection) throws IOException {
        int status;
        try {
            status = connection.getResponseCode();
        } catch (ConnectException e) {
            throw notAnswering(e);
        }
        if (status >= 400) {
            String message;
            try (InputStream error = connection.getErrorStream()) {
                String text = error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8);
                message = errorMessage(text).orElse("the lakehouse answered HTTP " + status + " to "
                        + connection.getRequestMethod() + " " + connection.getURL().getPath());
            }
            throw new ApiException(status, message);
        }
        return new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
    }

    private static Optional<String> errorMessage(String body) {
        try {
            Object error = JSON_CODEC.mapFrom(body).get("error");
            return Optional.ofNullable(error).map(Object::toString);
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private ApiException notAnswering(ConnectException e) {
        return new ApiException(0, "the lakehouse on " + lakehouse.dataDir() + " (pid " + lakehouse.pid()
                + ") does not answer on " + lakehouse.console() + " (" + e.getMessage() + ")");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object answer) {
        if (answer instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        return Map.of();
    }

    /** A path segment: branch and topic names may hold '/' or spaces. */
    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The console URI of a lakehouse, for messages. */
    public URI console() {
        return lakehouse.console();
    }
}
