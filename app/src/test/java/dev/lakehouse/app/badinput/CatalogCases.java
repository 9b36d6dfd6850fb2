package dev.lakehouse.app.badinput;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.lakehouse.app.badinput.Expect.statuses;

/** Bad requests to the Iceberg REST catalog and the Nessie API v2: JSON, types, references, names, conflicting commits. */
final class CatalogCases {
    private static final String SCRATCH = "badinput_scratch";
    private static final String TABLE_SCHEMA = "{\"type\":\"struct\",\"schema-id\":0,\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":false,\"type\":\"long\"}]}";

    private final Stack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<BadInputCase> cases = new ArrayList<>();

    private CatalogCases(Stack stack) {
        this.stack = stack;
    }

    static List<BadInputCase> of(Stack stack) {
        CatalogCases catalog = new CatalogCases(stack);
        catalog.iceberg();
        catalog.nessie();
        return catalog.cases;
    }

    private void iceberg(String name, String expected, BadInputCase.Action action) {
        cases.add(new BadInputCase("iceberg-rest", name, expected, action));
    }

    private void nessie(String name, String expected, BadInputCase.Action action) {
        cases.add(new BadInputCase("nessie", name, expected, action));
    }

    // --- Iceberg REST ------------------------------------------------------------------------------------------

    private void iceberg() {
        String tables = "/v1/main/namespaces/" + DamageCheck.SCHEMA + "/tables";
        String canaryTable = tables + "/" + DamageCheck.TABLE;
        iceberg("create namespace with a body that is not JSON", "400 BadRequestException", () ->
                expectIceberg("POST", "/v1/main/namespaces", "{\"namespace\": [\"x\"", statuses(400)));
        iceberg("create namespace whose namespace is a string, not a list", "400", () ->
                expectIceberg("POST", "/v1/main/namespaces", "{\"namespace\": \"flat\"}", statuses(400)));
        iceberg("create namespace with properties as a list", "400", () ->
                expectIceberg("POST", "/v1/main/namespaces", "{\"namespace\": [\"" + SCRATCH + "_p\"], \"properties\": [1, 2]}", statuses(400)));
        iceberg("create namespace with an empty body", "400", () ->
                expectIceberg("POST", "/v1/main/namespaces", "", statuses(400)));
        iceberg("create namespace with JSON null", "400", () ->
                expectIceberg("POST", "/v1/main/namespaces", "null", statuses(400)));
        iceberg("create namespace with 100,000 nested arrays", "400, no stack overflow", () ->
                expectIceberg("POST", "/v1/main/namespaces", "[".repeat(100_000) + "]".repeat(100_000), statuses(400)));
        iceberg("create namespace with a 100 KB name", "400 or created and readable, no 500", () -> {
            String name = "n".repeat(100_000);
            HttpResponse<String> response = send("POST", stack.iceberg() + "/v1/main/namespaces", "{\"namespace\": [\"" + name + "\"]}");
            if (response.statusCode() == 200) {
                expectIceberg("DELETE", "/v1/main/namespaces/" + name, null, statuses(204));
            } else {
                Expect.answer("Iceberg REST", response.statusCode(), response.body(), statuses(400, 413, 414), "error");
            }
        });
        iceberg("create table whose schema has an unknown type", "400", () ->
                expectIceberg("POST", tables, "{\"name\":\"bad_type\",\"schema\":{\"type\":\"struct\",\"fields\":[{\"id\":1,\"name\":\"a\",\"required\":false,\"type\":\"varchar2\"}]}}",
                        statuses(400)));
        iceberg("create table whose schema is a number", "400", () ->
                expectIceberg("POST", tables, "{\"name\":\"bad_schema\",\"schema\":42}", statuses(400)));
        iceberg("create table without a name", "400", () ->
                expectIceberg("POST", tables, "{\"schema\":" + TABLE_SCHEMA + "}", statuses(400)));
        iceberg("create table with the canary's name", "409 AlreadyExistsException, canary kept", () ->
                expectIceberg("POST", tables, "{\"name\":\"" + DamageCheck.TABLE + "\",\"schema\":" + TABLE_SCHEMA + "}", statuses(409)));
        iceberg("create table with a 10,000-character name", "400 or created, no 500", () -> {
            String name = "t".repeat(10_000);
            HttpResponse<String> response = send("POST", stack.iceberg() + tables, "{\"name\":\"" + name + "\",\"schema\":" + TABLE_SCHEMA + "}");
            if (response.statusCode() == 200) {
                expectIceberg("DELETE", tables + "/" + name, null, statuses(204));
            } else {
                Expect.answer("Iceberg REST", response.statusCode(), response.body(), statuses(400, 414), "error");
            }
        });
        iceberg("load a table in a namespace that does not exist", "404 NoSuchNamespaceException/NoSuchTableException", () ->
                expectIceberg("GET", "/v1/main/namespaces/no_such_namespace/tables/t", null, statuses(404)));
        // Spark asks the default catalog for delta.`s3a://bucket/path` before Delta reads the path
        iceberg("load a table named by a path (an encoded slash)", "404 NoSuchTableException, not an empty 500", () ->
                expectIceberg("GET", "/v1/main/namespaces/delta/tables/s3a%3A%2F%2Fwarehouse%2Fno%2Fsuch", null, statuses(404)));
        iceberg("load a table that does not exist", "404 NoSuchTableException", () ->
                expectIceberg("GET", tables + "/no_such_table", null, statuses(404)));
        iceberg("load the canary on a branch that does not exist", "404", () ->
                expectIceberg("GET", canaryTable.replace("/v1/main/", "/v1/no_such_branch/"), null, statuses(404)));
        iceberg("load the canary at a hash that does not exist", "404", () ->
                expectIceberg("GET", canaryTable.replace("/v1/main/", "/v1/main@1234567890abcdef/"), null, statuses(404)));
        iceberg("load the canary at a hash that is not hex", "400/404", () ->
                expectIceberg("GET", canaryTable.replace("/v1/main/", "/v1/main@not-a-hash!/"), null, statuses(400, 404)));
        iceberg("commit to the canary with a requirement on another table's uuid", "409 CommitFailedException, canary kept", () ->
                expectIceberg("POST", canaryTable, "{\"requirements\":[{\"type\":\"assert-table-uuid\",\"uuid\":\"" + UUID.randomUUID() + "\"}],"
                        + "\"updates\":[{\"action\":\"set-properties\",\"updates\":{\"damaged\":\"yes\"}}]}", statuses(409)));
        iceberg("commit to the canary with an unknown update action", "400, canary kept", () ->
                expectIceberg("POST", canaryTable, "{\"requirements\":[],\"updates\":[{\"action\":\"teleport\",\"to\":\"mars\"}]}", statuses(400)));
        iceberg("commit to the canary with updates as an object", "400, canary kept", () ->
                expectIceberg("POST", canaryTable, "{\"requirements\":[],\"updates\":{\"action\":\"set-properties\"}}", statuses(400)));
        iceberg("commit to the canary removing a snapshot that does not exist", "400/404/409, canary kept", () ->
                expectIceberg("POST", canaryTable, "{\"requirements\":[],\"updates\":[{\"action\":\"set-current-schema\",\"schema-id\":99}]}",
                        statuses(400, 409, 422)));
        iceberg("rename a table that does not exist", "404", () ->
                expectIceberg("POST", "/v1/main/tables/rename", "{\"source\":{\"namespace\":[\"" + DamageCheck.SCHEMA + "\"],\"name\":\"nope\"},"
                        + "\"destination\":{\"namespace\":[\"" + DamageCheck.SCHEMA + "\"],\"name\":\"nope2\"}}", statuses(404)));
        iceberg("rename another table onto the canary's name", "404/409, canary kept", () ->
                expectIceberg("POST", "/v1/main/tables/rename", "{\"source\":{\"namespace\":[\"" + DamageCheck.SCHEMA + "\"],\"name\":\"nope\"},"
                        + "\"destination\":{\"namespace\":[\"" + DamageCheck.SCHEMA + "\"],\"name\":\"" + DamageCheck.TABLE + "\"}}", statuses(404, 409)));
        iceberg("rename with source as a string", "400", () ->
                expectIceberg("POST", "/v1/main/tables/rename", "{\"source\":\"a.b\",\"destination\":\"c.d\"}", statuses(400)));
        iceberg("drop a table that does not exist", "404", () ->
                expectIceberg("DELETE", tables + "/no_such_table", null, statuses(404)));
        iceberg("drop the canary's non-empty namespace", "409 NamespaceNotEmptyException, canary kept", () ->
                expectIceberg("DELETE", "/v1/main/namespaces/" + DamageCheck.SCHEMA, null, statuses(400, 409)));
        iceberg("a body sent as text/plain", "400/415", () -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.iceberg() + "/v1/main/namespaces"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            Expect.answer("Iceberg REST", response.statusCode(), response.body(), statuses(400, 415), "");
        });
        iceberg("PUT on /v1/config", "405", () ->
                expectIceberg("PUT", "/v1/config", "{}", statuses(405)));
        iceberg("create namespace offering an HTTP/2 upgrade (Upgrade: h2c)", "answered as HTTP/1.1 at once", () -> {
            URI iceberg = stack.iceberg();
            String body = "{\"namespace\":[\"badinput_h2c_" + Long.toHexString(System.nanoTime()) + "\"]}";
            RawHttp.Answer answer = RawHttp.send(iceberg, "POST", iceberg.getRawPath() + "/v1/main/namespaces",
                    java.util.Map.of("Content-Type", "application/json", "Content-Length", String.valueOf(body.length()),
                            "Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c", "HTTP2-Settings", "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA"),
                    body.getBytes(), false);
            Expect.answer("Iceberg REST POST with Upgrade: h2c", answer.status(), answer.body(), statuses(200), "namespace");
        });
        iceberg("concurrent conflicting schema changes to one table (8 writers)", "each 200 or 409; the schemas are the winners'", () ->
                concurrentSchemaChanges());
    }

    // --- Nessie ------------------------------------------------------------------------------------------------

    private void nessie() {
        nessie("get a branch that does not exist", "404 REFERENCE_NOT_FOUND", () ->
                expectNessie("GET", "/trees/no-such-branch", null, statuses(404), "not found"));
        nessie("get main at a hash that does not exist", "404", () ->
                expectNessie("GET", "/trees/main@1234567890abcdef/entries", null, statuses(404), ""));
        nessie("get main at a hash that is not hex", "400", () ->
                expectNessie("GET", "/trees/main@xyz!/entries", null, statuses(400, 404), ""));
        nessie("create a branch with a body that is not JSON", "400", () ->
                expectNessie("POST", "/trees?name=bad-json&type=BRANCH", "{\"type\":\"BRANCH\",", statuses(400), ""));
        nessie("create a branch whose source hash is a number", "400", () ->
                expectNessie("POST", "/trees?name=bad-type&type=BRANCH", "{\"type\":\"BRANCH\",\"name\":\"main\",\"hash\":42}", statuses(400, 404), ""));
        nessie("create a branch with an invalid name", "400", () ->
                expectNessie("POST", "/trees?name=bad%20name!&type=BRANCH", sourceMain(), statuses(400), ""));
        nessie("create a branch with a 10,000-character name", "400", () ->
                expectNessie("POST", "/trees?name=" + "b".repeat(10_000) + "&type=BRANCH", sourceMain(), statuses(400, 414), ""));
        nessie("create a branch of an unknown type", "400", () ->
                expectNessie("POST", "/trees?name=odd-type&type=SPACESHIP", sourceMain(), statuses(400), ""));
        nessie("create a branch from a hash that does not exist", "404", () ->
                expectNessie("POST", "/trees?name=from-nowhere&type=BRANCH", "{\"type\":\"BRANCH\",\"name\":\"main\",\"hash\":\"1234567890abcdef\"}",
                        statuses(404), ""));
        nessie("create a branch with the canary branch's name", "409 REFERENCE_ALREADY_EXISTS, canary kept", () ->
                expectNessie("POST", "/trees?name=" + DamageCheck.BRANCH + "&type=BRANCH", sourceMain(), statuses(409), ""));
        nessie("delete the canary branch with a stale expected hash", "409, canary kept", () ->
                expectNessie("DELETE", "/trees/" + DamageCheck.BRANCH + "@1234567890abcdef", null, statuses(404, 409), ""));
        nessie("delete main (the default branch)", "400/409, main kept", () ->
                expectNessie("DELETE", "/trees/main@" + hashOf("main"), null, statuses(400, 403, 409), ""));
        nessie("commit to the canary branch at a stale hash", "409/404, canary kept", () ->
                expectNessie("POST", "/trees/" + DamageCheck.BRANCH + "@1234567890abcdef/history/commit",
                        "{\"commitMeta\":{\"message\":\"stale\"},\"operations\":[{\"type\":\"DELETE\",\"key\":{\"elements\":[\"" + DamageCheck.SCHEMA + "\",\""
                                + DamageCheck.TABLE + "\"]}}]}", statuses(404, 409), ""));
        nessie("commit with an operation of an unknown type", "400, canary kept", () ->
                expectNessie("POST", "/trees/" + DamageCheck.BRANCH + "@" + hashOf(DamageCheck.BRANCH) + "/history/commit",
                        "{\"commitMeta\":{\"message\":\"odd\"},\"operations\":[{\"type\":\"EXPLODE\",\"key\":{\"elements\":[\"x\"]}}]}", statuses(400), ""));
        nessie("commit with operations as a string", "400, canary kept", () ->
                expectNessie("POST", "/trees/" + DamageCheck.BRANCH + "@" + hashOf(DamageCheck.BRANCH) + "/history/commit",
                        "{\"commitMeta\":{\"message\":\"odd\"},\"operations\":\"all of them\"}", statuses(400), ""));
        nessie("commit that puts a table with a missing metadata location", "400, canary kept", () ->
                expectNessie("POST", "/trees/" + DamageCheck.BRANCH + "@" + hashOf(DamageCheck.BRANCH) + "/history/commit",
                        "{\"commitMeta\":{\"message\":\"odd\"},\"operations\":[{\"type\":\"PUT\",\"key\":{\"elements\":[\"" + DamageCheck.SCHEMA
                                + "\",\"half\"]},\"content\":{\"type\":\"ICEBERG_TABLE\"}}]}", statuses(400), ""));
        nessie("merge from a branch that does not exist into the canary", "404, canary kept", () ->
                expectNessie("POST", "/trees/" + DamageCheck.BRANCH + "@" + hashOf(DamageCheck.BRANCH) + "/history/merge",
                        "{\"fromRefName\":\"no-such-branch\",\"fromHash\":\"1234567890abcdef\"}", statuses(404), ""));
        nessie("assign the canary branch with a body that is a list", "400, canary kept", () ->
                expectNessie("PUT", "/trees/" + DamageCheck.BRANCH + "@" + hashOf(DamageCheck.BRANCH), "[1,2,3]", statuses(400), ""));
        nessie("content of a 100 KB key", "400/404/414", () ->
                expectNessie("GET", "/trees/main/contents/" + "k".repeat(100_000), null, statuses(400, 404, 414), ""));
        nessie("diff of two references that do not exist", "404", () ->
                expectNessie("GET", "/trees/nope-1/diff/nope-2", null, statuses(404), ""));
        nessie("entries with a filter that is not CEL", "400", () ->
                expectNessie("GET", "/trees/main/entries?filter=" + java.net.URLEncoder.encode("((( this is not CEL", java.nio.charset.StandardCharsets.UTF_8),
                        null, statuses(400), ""));
        nessie("a POST offering an HTTP/2 upgrade (Upgrade: h2c, as curl --http2 and Java's HttpClient send)", "answered as HTTP/1.1 at once", () -> {
            // raw, so that the header is there whatever a client library decides
            URI nessie = stack.nessie();
            String body = "{\"type\":\"BRANCH\",\"name\":\"main\",\"hash\":\"" + hashOf("main") + "\"}";
            long start = System.nanoTime();
            RawHttp.Answer answer = RawHttp.send(nessie, "POST", nessie.getRawPath() + "/trees?name=badinput-h2c-" + Long.toHexString(start) + "&type=BRANCH",
                    java.util.Map.of("Content-Type", "application/json", "Content-Length", String.valueOf(body.length()),
                            "Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c", "HTTP2-Settings", "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA"),
                    body.getBytes(), false);
            long millis = (System.nanoTime() - start) / 1_000_000;
            Expect.answer("Nessie POST with Upgrade: h2c", answer.status(), answer.body(), statuses(200), "reference");
            if (millis > 5000) {
                throw new AssertionError("answered after " + millis + " ms");
            }
        });
        nessie("8 concurrent commits to one branch at the same expected hash", "one 200, the rest 409; the branch moves once", () ->
                concurrentNessieCommits());
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private void expectIceberg(String method, String path, String body, Set<Integer> statuses) throws Exception {
        HttpResponse<String> response = send(method, stack.iceberg() + path, body);
        if (response.statusCode() >= 400) {
            // Iceberg's REST spec: {"error": {"message", "type", "code"}}
            Expect.answer("Iceberg REST " + method + " " + abbreviatePath(path), response.statusCode(), response.body(), statuses, "\"error\"", "\"message\"");
        } else {
            Expect.answer("Iceberg REST " + method + " " + abbreviatePath(path), response.statusCode(), response.body(), statuses);
        }
    }

    private void expectNessie(String method, String path, String body, Set<Integer> statuses, String word) throws Exception {
        HttpResponse<String> response = send(method, stack.nessie() + path, body);
        // an answer of the HTTP layer (a request line too long) may have no body; Nessie's own answers say why
        Expect.answer("Nessie " + method + " " + abbreviatePath(path), response.statusCode(), response.body(), statuses, word,
                response.body().isEmpty() ? "" : "message");
    }

    private static String abbreviatePath(String path) {
        return path.length() > 120 ? path.substring(0, 120) + "..." : path;
    }

    private HttpResponse<String> send(String method, String uri, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String hashOf(String branch) throws Exception {
        HttpResponse<String> response = send("GET", stack.nessie() + "/trees/" + branch, null);
        return Json.parse(response.body()).path("reference").path("hash").asText();
    }

    private String sourceMain() throws Exception {
        return "{\"type\":\"BRANCH\",\"name\":\"main\",\"hash\":\"" + hashOf("main") + "\"}";
    }

    private void concurrentSchemaChanges() throws Exception {
        String namespace = "/v1/main/namespaces/" + SCRATCH;
        send("POST", stack.iceberg() + "/v1/main/namespaces", "{\"namespace\":[\"" + SCRATCH + "\"]}");
        String table = "contended_" + Long.toHexString(System.nanoTime());
        HttpResponse<String> created = send("POST", stack.iceberg() + namespace + "/tables", "{\"name\":\"" + table + "\",\"schema\":" + TABLE_SCHEMA + "}");
        if (created.statusCode() != 200) {
            throw new AssertionError("creating the contended table: " + created.statusCode() + " " + created.body());
        }
        int writers = 8;
        List<Callable<HttpResponse<String>>> commits = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String column = "c" + i;
            // each writer adds a column to schema 0 and requires schema 0 to be current: only one can win
            commits.add(() -> send("POST", stack.iceberg() + namespace + "/tables/" + table,
                    "{\"requirements\":[{\"type\":\"assert-current-schema-id\",\"current-schema-id\":0},{\"type\":\"assert-last-assigned-field-id\",\"last-assigned-field-id\":1}],"
                            + "\"updates\":[{\"action\":\"add-schema\",\"schema\":{\"type\":\"struct\",\"schema-id\":1,\"fields\":[{\"id\":1,\"name\":\"id\",\"required\":false,\"type\":\"long\"},"
                            + "{\"id\":2,\"name\":\"" + column + "\",\"required\":false,\"type\":\"string\"}]},\"last-column-id\":2},"
                            + "{\"action\":\"set-current-schema\",\"schema-id\":-1}]}"));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<HttpResponse<String>> answer : pool.invokeAll(commits)) {
                answers.add(answer.get());
            }
        }
        List<String> winners = new ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 200) {
                winners.add(answer.body());
            } else {
                Expect.answer("a losing concurrent commit", answer.statusCode(), answer.body(), statuses(409), "\"error\"");
            }
        }
        if (winners.size() != 1) {
            throw new AssertionError(winners.size() + " of " + writers + " commits requiring schema 0 succeeded: " + answers.stream().map(HttpResponse::statusCode).toList());
        }
        JsonNode metadata = Json.parse(send("GET", stack.iceberg() + namespace + "/tables/" + table, null).body()).path("metadata");
        String winnerColumn = Json.parse(winners.getFirst()).path("metadata").path("schemas").get(1).path("fields").get(1).path("name").asText();
        JsonNode current = metadata.path("schemas").get(metadata.path("current-schema-id").asInt());
        if (metadata.path("schemas").size() != 2 || !current.path("fields").get(1).path("name").asText().equals(winnerColumn)) {
            throw new AssertionError("after one winning commit the table has schemas " + metadata.path("schemas"));
        }
        send("DELETE", stack.iceberg() + namespace + "/tables/" + table + "?purgeRequested=true", null);
    }

    private void concurrentNessieCommits() throws Exception {
        String branch = "contended-" + Long.toHexString(System.nanoTime());
        HttpResponse<String> created = send("POST", stack.nessie() + "/trees?name=" + branch + "&type=BRANCH", sourceMain());
        if (created.statusCode() != 200) {
            throw new AssertionError("creating " + branch + ": " + created.body());
        }
        String start = hashOf(branch);
        int writers = 8;
        List<Callable<HttpResponse<String>>> commits = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int writer = i;
            // the same key from every writer, all at the same expected hash: Nessie must let exactly one through
            commits.add(() -> send("POST", stack.nessie() + "/trees/" + branch + "@" + start + "/history/commit",
                    "{\"commitMeta\":{\"message\":\"writer " + writer + "\"},\"operations\":[{\"type\":\"PUT\",\"key\":{\"elements\":[\"" + DamageCheck.SCHEMA + "\",\"contended\"]},"
                            + "\"content\":{\"type\":\"ICEBERG_TABLE\",\"metadataLocation\":\"s3://warehouse/contended/" + writer + ".metadata.json\","
                            + "\"snapshotId\":1,\"schemaId\":0,\"specId\":0,\"sortOrderId\":0}}]}"));
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (Future<HttpResponse<String>> answer : pool.invokeAll(commits)) {
                HttpResponse<String> response = answer.get();
                statuses.add(response.statusCode());
                if (response.statusCode() != 200) {
                    Expect.answer("a losing concurrent Nessie commit", response.statusCode(), response.body(), statuses(409), "message");
                }
            }
        }
        if (statuses.stream().filter(s -> s == 200).count() != 1) {
            throw new AssertionError("concurrent commits at one expected hash answered " + statuses);
        }
        JsonNode log = Json.parse(send("GET", stack.nessie() + "/trees/" + branch + "/history?max-records=20", null).body());
        long newCommits = 0;
        for (JsonNode entry : log.path("logEntries")) {
            if (entry.path("commitMeta").path("hash").asText().equals(start)) {
                break;
            }
            newCommits++;
        }
        if (newCommits != 1) {
            throw new AssertionError("the branch has " + newCommits + " new commits after one accepted commit");
        }
        send("DELETE", stack.nessie() + "/trees/" + branch + "@" + hashOf(branch), null);
    }
}
