package dev.lakehouse.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The lakehouse's control API as a script uses it (the routes the command line calls): JSON in, JSON lines out.
 * Every call is a connection of its own, so a lakehouse killed in the middle fails just that call.
 */
final class ControlApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A statement the engine refused (its first line), as opposed to a lakehouse that did not answer. */
    static final class StatementFailed extends IOException {
        private static final long serialVersionUID = 1L;

        StatementFailed(String message) {
            super(message);
        }
    }

    /** What a statement answered: its rows, or how many rows it changed. */
    record SqlResult(List<List<Object>> rows, Long updateCount) {
    }

    private final URI console;

    ControlApiClient(URI console) {
        this.console = console;
    }

    /** Runs one statement on {@code engine} in the client's session {@code session} (null: a session of its own). */
    SqlResult sql(String engine, String session, String statement) throws IOException {
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("engine", engine);
        request.put("statement", statement);
        if (session != null) {
            request.put("session", session);
        }
        List<List<Object>> rows = new ArrayList<>();
        Long[] updateCount = {null};
        String[] error = {null};
        boolean[] done = {false};
        post("/api/sql", request, event -> {
            if (event.has("row")) {
                rows.add(JSON.convertValue(event.get("row"), List.class));
            } else if (event.has("done")) {
                done[0] = true;
                JsonNode count = event.get("done").get("updateCount");
                updateCount[0] = count == null || count.isNull() ? null : count.asLong();
            } else if (event.has("error")) {
                error[0] = event.get("error").path("message").asText();
            }
        });
        if (error[0] != null) {
            throw new StatementFailed(error[0]);
        }
        if (!done[0]) {
            throw new IOException("the answer to " + statement + " ended without its end");
        }
        return new SqlResult(rows, updateCount[0]);
    }

    /** Closes a client session (its Trino connection or Spark session). */
    void closeSession(String session) throws IOException {
        HttpURLConnection connection = open("/api/sql/sessions/" + session, "DELETE");
        drain(connection);
    }

    /**
     * Runs a pipeline inside the lakehouse until it ends (a streaming one without {@code untilIdle} runs until this
     * call is interrupted or the lakehouse goes away) and returns the "done" event's status, e.g. SUCCEEDED.
     */
    String runPipeline(String name, boolean untilIdle, Map<String, String> options, Consumer<String> progress) throws IOException {
        String[] status = {null};
        String[] error = {null};
        post("/api/pipelines/" + name + "/runs", Map.of("untilIdle", untilIdle, "options", options), event -> {
            if (event.has("progress")) {
                progress.accept(event.get("progress").asText());
            } else if (event.has("done")) {
                status[0] = event.get("done").path("status").asText();
                if (event.get("done").has("message")) {
                    progress.accept(event.get("done").get("message").asText());
                }
            } else if (event.has("error")) {
                error[0] = event.get("error").path("message").asText();
            }
        });
        if (error[0] != null) {
            throw new StatementFailed(name + ": " + error[0]);
        }
        if (status[0] == null) {
            throw new IOException(name + ": the run's answer ended without its end");
        }
        return status[0];
    }

    void createBranch(String name, String from) throws IOException {
        postForAnswer("/api/branches", Map.of("name", name, "from", from));
    }

    /** Merges {@code branch} into {@code into}; a refused merge (a conflict) is a {@link StatementFailed}. */
    void mergeBranch(String branch, String into) throws IOException {
        postForAnswer("/api/branches/" + branch + "/merge", Map.of("into", into));
    }

    JsonNode get(String path) throws IOException {
        HttpURLConnection connection = open(path, "GET");
        try (InputStream in = connection.getInputStream()) {
            return JSON.readTree(in);
        }
    }

    boolean healthy() {
        try {
            HttpURLConnection connection = open("/health", "GET");
            int status = connection.getResponseCode();
            drain(connection);
            return status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** A call answered with one JSON document (not a stream of lines). */
    private JsonNode postForAnswer(String path, Object body) throws IOException {
        HttpURLConnection connection = send(path, body);
        try (InputStream in = connection.getInputStream()) {
            return JSON.readTree(in);
        }
    }

    private void post(String path, Object body, Consumer<JsonNode> events) throws IOException {
        HttpURLConnection connection = send(path, body);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    events.accept(JSON.readTree(line));
                }
            }
        }
    }

    /** Sends a POST with a JSON body; an answer of 400 and above is an exception (4xx: refused, a {@link StatementFailed}). */
    private HttpURLConnection send(String path, Object body) throws IOException {
        HttpURLConnection connection = open(path, "POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(JSON.writeValueAsBytes(body));
        }
        int status = connection.getResponseCode();
        if (status >= 400) {
            String answer = readError(connection);
            throw status < 500 ? new StatementFailed(path + ": " + answer) : new IOException(path + " answered " + status + ": " + answer);
        }
        return connection;
    }

    private HttpURLConnection open(String path, String method) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) console.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        // a statement or a pipeline may take minutes; the API sends a heartbeat every few seconds while it works
        connection.setReadTimeout(120_000);
        connection.setRequestProperty("X-Lakehouse-User", "chaos");
        return connection;
    }

    private static String readError(HttpURLConnection connection) throws IOException {
        try (InputStream in = connection.getErrorStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static void drain(HttpURLConnection connection) throws IOException {
        try (InputStream in = connection.getResponseCode() >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
    }
}
