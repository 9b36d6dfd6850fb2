package dev.lakehouse.app.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakehouse.app.it.LakehouseProcess;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The endpoints of a running lakehouse the cases talk to, read from its run file ({@code <data-dir>/run/endpoints.json})
 * as a user's tools would. Services the stack does not run have null endpoints; their cases are left out.
 */
public record Stack(Path dataDir, URI console, URI s3, String accessKey, String secretKey, String region,
                    URI nessie, URI iceberg, String kafka, String trinoJdbc, boolean spark) {

    public static Stack of(LakehouseProcess lakehouse) throws IOException {
        return of(lakehouse.dataDir());
    }

    /** The stack running on {@code dataDir} (started by anyone: the IT, scripts/chaos, a user). */
    public static Stack of(Path dataDir) throws IOException {
        JsonNode run = Json.parse(Files.readString(dataDir.resolve("run/endpoints.json")));
        JsonNode services = run.path("services");
        JsonNode s3 = services.path("storage").path("endpoints").path("s3");
        JsonNode catalog = services.path("catalog").path("endpoints");
        return new Stack(dataDir, URI.create(run.path("console").asText()),
                uri(s3.path("uri")), s3.path("properties").path("access-key").asText(), s3.path("properties").path("secret-key").asText(),
                s3.path("properties").path("region").asText(),
                uri(catalog.path("nessie").path("uri")), uri(catalog.path("iceberg").path("uri")),
                text(services.path("kafka").path("endpoints").path("bootstrap").path("properties").path("bootstrap-servers")),
                text(services.path("trino").path("endpoints").path("http").path("properties").path("jdbc-url")),
                services.has("spark"));
    }

    private static URI uri(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : URI.create(node.asText());
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    public URI console(String path) {
        return console.resolve(path);
    }
}
