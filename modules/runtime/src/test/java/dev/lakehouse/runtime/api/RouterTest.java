package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.runtime.console.WebServers;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    private WebServer server;
    private final java.util.concurrent.CompletableFuture<String> gone = new java.util.concurrent.CompletableFuture<>();
    private URI base;

    @BeforeEach
    void start() throws IOException {
        Router router = new Router(new ObjectMapper())
                .get("/api/branches/{name}/log", exchange -> exchange.json(200, Map.of("branch", exchange.path("name"),
                        "max", exchange.query("max").orElse("-"))))
                .post("/api/things", exchange -> {
                    throw HttpError.conflict("thing exists already");
                })
                .post("/api/forever", exchange -> {
                    EventWriter events = exchange.stream();
                    try {
                        for (int i = 0; i < 600; i++) {
                            events.event("heartbeat", i);
                            Thread.sleep(50);
                        }
                        gone.complete("never noticed");
                    } catch (EventWriter.ClientGone e) {
                        gone.complete("client gone");
                    } catch (RuntimeException e) {
                        gone.complete("other: " + e);
                        throw e;
                    }
                })
                .post("/api/stream", exchange -> {
                    EventWriter events = exchange.stream();
                    events.event("row", java.util.List.of(1, "a"));
                    throw new IllegalStateException("too late for a status");
                });
        // the console's web server, as ConsoleServer sets it up for /api
        server = WebServers.builder("127.0.0.1", 0)
                .routing(routing -> routing.any("/api/*", router::dispatch))
                .build().start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Answer call(String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        int status = connection.getResponseCode();
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Answer(status, new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private record Answer(int status, String body) {
    }

    @Test
    void aStreamNoticesThatItsClientHasGone() throws Exception {
        // a client that goes (Ctrl-C of `lakehouse sql`, a killed test) must end its work: the next write says so
        HttpURLConnection connection = (HttpURLConnection) base.resolve("/api/forever").toURL().openConnection();
        connection.setRequestMethod("POST");
        try (InputStream body = connection.getInputStream()) {
            assertThat(new String(body.readNBytes(12), StandardCharsets.UTF_8)).startsWith("{\"heartbeat");
        }
        connection.disconnect();
        assertThat(gone.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("client gone");
    }

    @Test
    void theWebServerLeavesJavaDeserializationAlone() {
        // Helidon would install a JVM-wide filter rejecting unknown classes, and every Spark task would fail
        assertThat(java.io.ObjectInputFilter.Config.getSerialFilter()).isNull();
    }

    @Test
    void pathParametersAreDecodedSegmentsAndQueriesAreRead() throws IOException {
        Answer answer = call("GET", "/api/branches/feature%2Fa%20b+c/log?max=5");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"branch\" : \"feature/a b+c\"", "\"max\" : \"5\"");
    }

    @Test
    void errorsAreTheirStatusWithAMessage() throws IOException {
        assertThat(call("POST", "/api/things")).isEqualTo(new Answer(409, "{\n  \"error\" : \"thing exists already\"\n}"));
        assertThat(call("GET", "/api/things").status()).isEqualTo(405);
        Answer unknown = call("GET", "/api/nothing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("no such API: /api/nothing");
    }

    @Test
    void aFailureAfterAStreamBeganEndsTheStreamWithoutAnotherStatus() throws IOException {
        Answer answer = call("POST", "/api/stream");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"row\":[1,\"a\"]}\n");
    }
}
