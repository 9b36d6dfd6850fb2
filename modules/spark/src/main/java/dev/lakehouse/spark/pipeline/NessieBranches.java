package dev.lakehouse.spark.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few calls of Nessie's REST API v2 that branch work needs (list, create, merge, delete, history), over
 * the JDK's HTTP client: the Nessie Java client would bring its own Jackson and HTTP stack onto Spark's class
 * path. Used by `lakehouse branch` and by pipelines that write-audit-publish on a branch.
 */
public final class NessieBranches implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A branch or tag and the commit it points at. */
    public record Reference(String type, String name, String hash) {
    }

    /** One commit of a reference's history. */
    public record Commit(String hash, String time, String author, String message) {
    }

    /** The hash of a branch with no commit (Nessie's "beginning of time"). */
    static final String NO_ANCESTOR_HASH = "2e1cfa82b035c26cbbbdae632cea070514eb8b773f616aaeaf668e2f0be8f10d";

    private final URI base;
    private final java.util.Optional<String> token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the API root, e.g. http://127.0.0.1:19120/api/v2 */
    public NessieBranches(URI base) {
        this(base, java.util.Optional.empty());
    }

    /** @param token the bearer token of a catalog open to a network (its endpoint's "token" property) */
    public NessieBranches(URI base, java.util.Optional<String> token) {
        this.base = base;
        this.token = token;
    }

    /** The API of the catalog's "nessie" endpoint, with its token when it has one. */
    public static NessieBranches of(dev.lakehouse.spi.Endpoint nessie) {
        return new NessieBranches(nessie.uri(), java.util.Optional.ofNullable(nessie.properties().get("token")));
    }

    public List<Reference> references() throws IOException, InterruptedException {
        List<Reference> references = new ArrayList<>();
        for (JsonNode node : call("GET", "/trees", null).path("references")) {
            references.add(reference(node));
        }
        return references;
    }

    public Reference reference(String name) throws IOException, InterruptedException {
        return reference(call("GET", "/trees/" + encode(name), null).path("reference"));
    }

    public Reference createBranch(String name, String from) throws IOException, InterruptedException {
        Reference source = reference(from);
        ObjectNode body = JSON.createObjectNode().put("type", source.type()).put("name", source.name()).put("hash", source.hash());
        return reference(call("POST", "/trees?name=" + encode(name) + "&type=BRANCH", body).path("reference"));
    }

    public void deleteBranch(String name) throws IOException, InterruptedException {
        Reference branch = reference(name);
        call("DELETE", "/trees/" + encode(name + "@" + branch.hash()), null);
    }

    /** What a merge did: whether it changed the target, and the target's head after it. */
    public record Merge(boolean applied, String head) {
    }

    /** Merges {@code from} into {@code into} as this process's user; returns the new head of {@code into}. */
    public String merge(String from, String into) throws IOException, InterruptedException {
        return merge(from, into, defaultAuthor()).head();
    }

    /**
     * Merges {@code from} into {@code into} in one commit by {@code author}; a branch with no change the target
     * lacks merges nothing.
     */
    public Merge merge(String from, String into, String author) throws IOException, InterruptedException {
        Reference source = reference(from);
        Reference target = reference(into);
        if (source.hash().equals(target.hash())) {
            return new Merge(false, target.hash());
        }
        if (target.hash().equals(NO_ANCESTOR_HASH)) {
            // Nessie finds no common ancestor with a branch that has no commit yet (projectnessie/nessie#6447);
            // with nothing on the target to keep, a fast-forward is the merge
            return new Merge(true, reference(call("PUT", "/trees/" + encode(target.name() + "@" + target.hash()),
                    JSON.createObjectNode().put("type", source.type()).put("name", source.name()).put("hash", source.hash()))
                    .path("reference")).hash());
        }
        String message = "merge " + source.name() + " into " + target.name();
        ObjectNode body = JSON.createObjectNode().put("fromRefName", source.name()).put("fromHash", source.hash()).put("message", message);
        ObjectNode meta = body.putObject("commitMeta").put("message", message);
        meta.putArray("authors").add(author);
        JsonNode response = call("POST", "/trees/" + encode(target.name() + "@" + target.hash()) + "/history/merge", body);
        String head = response.path("resultantTargetHash").asText();
        return new Merge(!head.equals(target.hash()), head);
    }

    /** Commits are authored by the user running the lakehouse, as Iceberg's own commits through the catalog are. */
    public static String defaultAuthor() {
        return System.getProperty("user.name", "lakehouse");
    }

    public List<Commit> history(String reference, int max) throws IOException, InterruptedException {
        List<Commit> commits = new ArrayList<>();
        for (JsonNode entry : call("GET", "/trees/" + encode(reference) + "/history?max-records=" + max, null).path("logEntries")) {
            JsonNode meta = entry.path("commitMeta");
            commits.add(new Commit(meta.path("hash").asText(), meta.path("commitTime").asText(),
                    String.join(", ", JSON.convertValue(meta.path("authors"), String[].class)), meta.path("message").asText()));
            if (commits.size() >= max) {
                break;
            }
        }
        return commits;
    }

    /** What a commit did to one content key: PUT (a table or view written: created or updated) or DELETE (dropped). */
    public record Change(String operation, String key, String contentType) {
    }

    /** One commit of a reference's history and the keys it changed. */
    public record CommitChanges(String hash, String time, String author, String message, List<Change> changes) {
    }

    /**
     * The history with each commit's operations ({@code fetch=ALL}): Nessie keeps them in the commit, so what a commit
     * changed needs no diff against its parent. A merge commit carries the operations of what it merged.
     */
    public List<CommitChanges> historyWithChanges(String reference, int max) throws IOException, InterruptedException {
        List<CommitChanges> commits = new ArrayList<>();
        for (JsonNode entry : call("GET", "/trees/" + encode(reference) + "/history?fetch=ALL&max-records=" + max, null).path("logEntries")) {
            JsonNode meta = entry.path("commitMeta");
            List<Change> changes = new ArrayList<>();
            for (JsonNode operation : entry.path("operations")) {
                changes.add(new Change(operation.path("type").asText(), key(operation.path("key")),
                        operation.path("content").path("type").asText(null)));
            }
            commits.add(new CommitChanges(meta.path("hash").asText(), meta.path("commitTime").asText(),
                    String.join(", ", JSON.convertValue(meta.path("authors"), String[].class)), meta.path("message").asText(), changes));
            if (commits.size() >= max) {
                break;
            }
        }
        return commits;
    }

    /** One key that differs between two references: its content type on each side (null: absent there). */
    public record Difference(String key, String fromType, String toType, boolean sameContent) {
    }

    /**
     * What differs from {@code from} to {@code to} (Nessie's diff of the two heads): a key only on {@code to} was added
     * there, only on {@code from} removed, on both with other content (another metadata file) changed.
     */
    public List<Difference> diff(String from, String to) throws IOException, InterruptedException {
        List<Difference> differences = new ArrayList<>();
        String page = null;
        do {
            JsonNode answer = call("GET", "/trees/" + encode(from) + "/diff/" + encode(to)
                    + (page == null ? "" : "?page-token=" + encode(page)), null);
            for (JsonNode diff : answer.path("diffs")) {
                JsonNode before = diff.path("from");
                JsonNode after = diff.path("to");
                differences.add(new Difference(key(diff.path("key")), before.isObject() ? before.path("type").asText() : null,
                        after.isObject() ? after.path("type").asText() : null, before.equals(after)));
            }
            page = answer.path("hasMore").asBoolean() ? answer.path("token").asText(null) : null;
        } while (page != null);
        return differences;
    }

    /** A content key as the engines name it: its elements joined with dots (namespace.table). */
    private static String key(JsonNode key) {
        List<String> elements = new ArrayList<>();
        key.path("elements").forEach(element -> elements.add(element.asText()));
        return String.join(".", elements);
    }

    private JsonNode call(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
            String message = json.path("message").asText(response.body());
            throw new NessieException(response.statusCode(), message.lines().findFirst().orElse("Nessie answered " + response.statusCode()));
        }
        return json;
    }

    /** Nessie refused a call; {@link #status()} tells why (404: no such reference, 409: a conflict). */
    public static final class NessieException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int status;

        NessieException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status Nessie answered. */
        public int status() {
            return status;
        }
    }

    private static Reference reference(JsonNode node) {
        return new Reference(node.path("type").asText(), node.path("name").asText(), node.path("hash").asText());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
