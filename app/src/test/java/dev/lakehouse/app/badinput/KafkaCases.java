package dev.lakehouse.app.badinput;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.lakehouse.app.badinput.Expect.statuses;

/** Bad input to Kafka: bytes that are not its protocol, oversized records, bad names; and to the control API's topic routes. */
final class KafkaCases {
    private static final Duration KCAT = Duration.ofSeconds(45);

    private final Stack stack;
    private final List<BadInputCase> cases = new ArrayList<>();

    private KafkaCases(Stack stack) {
        this.stack = stack;
    }

    static List<BadInputCase> of(Stack stack) {
        KafkaCases kafka = new KafkaCases(stack);
        kafka.protocol();
        kafka.records();
        kafka.controlApi();
        return kafka.cases;
    }

    private void add(String name, String expected, BadInputCase.Action action) {
        cases.add(new BadInputCase("kafka", name, expected, action));
    }

    private void protocol() {
        add("64 KB of random bytes on the broker port", "connection closed, broker serves on", () -> {
            byte[] garbage = new byte[64 * 1024];
            new Random(9).nextBytes(garbage);
            expectClosed(garbage);
        });
        add("a request claiming to be 2 GB long", "connection closed without reading it", () ->
                expectClosed(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array()));
        add("a request with a negative size", "connection closed", () ->
                expectClosed(ByteBuffer.allocate(8).putInt(-42).putInt(0).array()));
        add("a well-framed request of an API key that does not exist", "connection closed", () ->
                expectClosed(ByteBuffer.allocate(4 + 14).putInt(14).putShort((short) 9999).putShort((short) 0).putInt(1)
                        .putShort((short) 2).put("xx".getBytes()).putShort((short) 0).array()));
        add("a Metadata request of version 999", "an error answer or closed, no crash", () ->
                expectClosed(ByteBuffer.allocate(4 + 14).putInt(14).putShort((short) 3).putShort((short) 999).putInt(1)
                        .putShort((short) 2).put("xx".getBytes()).putShort((short) 0).array()));
        add("an HTTP request on the broker port", "connection closed", () ->
                expectClosed("GET / HTTP/1.1\r\nHost: kafka\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        add("a TLS ClientHello on the plaintext port", "connection closed", () ->
                expectClosed(new byte[]{0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03}));
        add("100 connections holding garbage open at once", "the broker serves others meanwhile", () -> {
            // random bytes may frame as a request of a few MB: the broker then waits for the rest, as any server would
            String[] hostPort = stack.kafka().split(":");
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                    open.add(socket);
                    byte[] garbage = new byte[4096];
                    new Random(i).nextBytes(garbage);
                    try {
                        socket.getOutputStream().write(garbage);
                    } catch (IOException closed) {
                        // refused at once: fine too
                    }
                }
                Commands.Result metadata = Commands.run(KCAT, "", "kcat", "-L", "-b", stack.kafka(), "-t", DamageCheck.TOPIC);
                if (metadata.exitCode() != 0) {
                    throw new AssertionError("kcat -L failed while 100 garbage connections are open: " + metadata.output());
                }
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        });
        add("a connection that sends half a request header and stalls", "the broker serves others meanwhile", () -> {
            String[] hostPort = stack.kafka().split(":");
            try (Socket stalled = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                stalled.getOutputStream().write(new byte[]{0, 0, 0, 40, 0, 3});
                stalled.getOutputStream().flush();
                Commands.Result metadata = Commands.run(KCAT, "", "kcat", "-L", "-b", stack.kafka(), "-t", DamageCheck.TOPIC);
                if (metadata.exitCode() != 0) {
                    throw new AssertionError("kcat -L failed while a half request stalls: " + metadata.output());
                }
            }
        });
    }

    private void records() {
        add("a 2 MB record (over the broker's 1 MB message.max.bytes)", "kcat fails: Message size too large", () -> {
            byte[] big = ("k=" + "x".repeat(2 * 1024 * 1024) + "\n").getBytes();
            expectKcatFails(Commands.run(KCAT, big, "kcat", "-P", "-b", stack.kafka(), "-t", "badinput-big", "-K", "=",
                    "-X", "message.max.bytes=20000000"), "too large");
        });
        add("a 2 MB record to the canary topic", "refused, canary kept", () -> {
            byte[] big = ("k=" + "x".repeat(2 * 1024 * 1024) + "\n").getBytes();
            expectKcatFails(Commands.run(KCAT, big, "kcat", "-P", "-b", stack.kafka(), "-t", DamageCheck.TOPIC, "-K", "=",
                    "-X", "message.max.bytes=20000000"), "too large");
        });
        add("producing to a topic name with spaces", "kcat fails: Invalid topic", () ->
                expectKcatFails(Commands.run(KCAT, "x\n", "kcat", "-P", "-b", stack.kafka(), "-t", "bad topic!"), "topic"));
        add("producing to a topic name of 300 characters", "kcat fails: Invalid topic", () ->
                expectKcatFails(Commands.run(KCAT, "x\n", "kcat", "-P", "-b", stack.kafka(), "-t", "t".repeat(300)), "invalid topic"));
        add("producing to a partition of the canary topic that does not exist", "kcat fails: Unknown partition", () ->
                expectKcatFails(Commands.run(KCAT, "k=v\n", "kcat", "-P", "-b", stack.kafka(), "-t", DamageCheck.TOPIC, "-p", "7", "-K", "="),
                        "partition"));
        add("consuming a partition of the canary topic that does not exist", "kcat fails: partition 7 does not exist", () ->
                expectKcatFails(Commands.run(KCAT, "", "kcat", "-C", "-b", stack.kafka(), "-t", DamageCheck.TOPIC, "-p", "7", "-e", "-q"),
                        "partition"));
        add("consuming the canary topic from an offset past its end", "no messages, no error", () -> {
            Commands.Result result = Commands.run(KCAT, "", "kcat", "-C", "-b", stack.kafka(), "-t", DamageCheck.TOPIC, "-p", "0", "-o", "1000", "-e", "-q");
            if (!result.output().strip().isEmpty() && !result.output().toLowerCase().contains("offset")) {
                throw new AssertionError("reading past the end gave " + Commands.abbreviate(result.output()));
            }
        });
    }

    private void controlApi() {
        add("control API: create a topic whose name has spaces", "400 naming the rule", () ->
                expectApi("POST", "/api/topics", "{\"name\":\"bad topic!\",\"partitions\":1}", statuses(400), "alphanumerics"));
        add("control API: create a topic with 0 partitions", "400", () ->
                expectApi("POST", "/api/topics", "{\"name\":\"badinput-zero\",\"partitions\":0}", statuses(400), "partitions"));
        add("control API: create a topic with -1 partitions", "400", () ->
                expectApi("POST", "/api/topics", "{\"name\":\"badinput-negative\",\"partitions\":-1}", statuses(400), "partitions"));
        add("control API: create a topic with partitions \"many\"", "400", () ->
                expectApi("POST", "/api/topics", "{\"name\":\"badinput-many\",\"partitions\":\"many\"}", statuses(400), "partitions"));
        add("control API: create a topic with 100,000,000 partitions", "400", () ->
                expectApi("POST", "/api/topics", "{\"name\":\"badinput-huge\",\"partitions\":100000000}", statuses(400), "partitions"));
        add("control API: create the canary topic again", "409, canary kept", () ->
                expectApi("POST", "/api/topics", "{\"name\":\"" + DamageCheck.TOPIC + "\",\"partitions\":3}", statuses(409), "exists"));
        add("control API: create a topic with a body that is not JSON", "400", () ->
                expectApi("POST", "/api/topics", "name=x", statuses(400), "JSON"));
        add("control API: delete a topic that does not exist", "404", () ->
                expectApi("DELETE", "/api/topics/badinput-no-such-topic", null, statuses(404), "no topic"));
        add("control API: produce a 2 MB line", "a clear refusal (too large), canary kept", () -> {
            HttpResponse<String> response = send("POST", "/api/topics/badinput-big/messages", "x".repeat(2 * 1024 * 1024) + "\n");
            if (response.statusCode() == 200) {
                if (!response.body().contains("\"failed\" : 1") || !response.body().toLowerCase().contains("larger than")) {
                    throw new AssertionError("a 2 MB line answered " + Commands.abbreviate(response.body()));
                }
            } else {
                Expect.answer("control API", response.statusCode(), response.body(), statuses(400, 413), "large");
            }
        });
        add("control API: readings with a negative count", "400", () ->
                expectApi("POST", "/api/topics/badinput-readings/readings", "{\"count\":-5}", statuses(400), "count"));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    /** Sends {@code bytes} and expects the broker to close the connection (or answer and close) within 15 s. */
    private void expectClosed(byte[] bytes) throws IOException {
        String[] hostPort = stack.kafka().split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 5000);
            socket.setSoTimeout(15_000);
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException closedWhileWriting) {
                return; // closed: what we wanted
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    // an error answer may come first; the close must follow
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the broker kept the connection open 15 s after " + bytes.length + " bad bytes");
            } catch (IOException reset) {
                // reset: closed too
            }
        }
    }

    private static void expectKcatFails(Commands.Result result, String word) {
        if (result.exitCode() == 0) {
            throw new AssertionError("kcat succeeded: " + Commands.abbreviate(result.output()));
        }
        if (!result.output().toLowerCase().contains(word.toLowerCase())) {
            throw new AssertionError("kcat failed without saying \"" + word + "\": " + Commands.abbreviate(result.output()));
        }
    }

    private void expectApi(String method, String path, String body, Set<Integer> statuses, String word) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        Expect.answer("control API " + method + " " + path, response.statusCode(), response.body(), statuses, word);
        if (response.body().contains("org.apache.") || response.body().contains("Exception:")) {
            throw new AssertionError("the answer names a Java exception: " + response.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(stack.console(path)).timeout(Duration.ofSeconds(60))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

}
