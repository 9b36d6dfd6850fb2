package dev.lakehouse.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    private HttpServer server;
    private URI base;

    @BeforeEach
    void start() throws IOException {
        Router router = new Router(new ObjectMapper())
                .get("/api/branches/{name}/log", exchange -> exchange.json(200, Map.of("branch", exchange.path("name"),
                        "max", exchange.query("max").orElse("-"))))
                .post("/api/things", exchange -> {
                    throw HttpError.conflict("thing exists already");
                })
                .post("/api/stream", exchange -> {
                    EventWriter events = exchange.stream();
                    events.event("row", java.util.List.of(1, "a"));
                    throw new IllegalStateException("too late for a status");
                });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                router.dispatch(exchange);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
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
