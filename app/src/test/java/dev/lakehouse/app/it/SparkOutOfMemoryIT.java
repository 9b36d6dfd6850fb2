package dev.lakehouse.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spark query bigger than the heap fails alone. In local mode Spark's executor is the lakehouse's JVM, and Spark
 * answers a task's OutOfMemoryError with System.exit: before the fix one such query stopped every component.
 * A small heap (LAKEHOUSE_JAVA_OPTS, as a user would set it) makes the error come in seconds.
 */
class SparkOutOfMemoryIT {
    /** One aggregation buffer of 20,000 strings of 1 MB: 20 GB, in a heap of 3 GB. */
    private static final String TOO_BIG = "SELECT size(collect_list(repeat('x', 1000000))) FROM range(0, 20000)";

    @Test
    void aQueryBiggerThanTheHeapFailsAloneAndTheStackServesOn(@TempDir Path dataDir) throws Exception {
        try (LakehouseProcess lakehouse = LakehouseProcess.startWith(LakehouseProcess.java(), dataDir, Map.of("LAKEHOUSE_JAVA_OPTS", "-Xmx3g"),
                "--services", "catalog,trino,spark", "--ports", "random").awaitReady(Duration.ofMinutes(4))) {
            Properties user = new Properties();
            user.setProperty("user", "test");
            try (Connection trino = DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), user)) {
                trino.createStatement().execute("CREATE SCHEMA iceberg.oom");
                trino.createStatement().execute("CREATE TABLE iceberg.oom.canary AS SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS t (id, name)");

                String answer = sparkSql(lakehouse, TOO_BIG);

                assertThat(answer).contains("{\"error\"", "java.lang.OutOfMemoryError", "LAKEHOUSE_JAVA_OPTS=-Xmx");
                assertThat(lakehouse.process().isAlive()).as("the lakehouse process lives").isTrue();
                assertThat(status(lakehouse, "/health")).isEqualTo(200);
                assertThat(sparkSql(lakehouse, "SELECT count(*) AS n FROM lakehouse.oom.canary")).contains("[2]").doesNotContain("\"error\"");
                try (ResultSet rows = trino.createStatement().executeQuery("SELECT count(*), max(name) FROM iceberg.oom.canary")) {
                    rows.next();
                    assertThat(rows.getLong(1)).isEqualTo(2);
                    assertThat(rows.getString(2)).isEqualTo("two");
                }
            }
            assertThat(lakehouse.stop()).as("a clean stop (SIGTERM) after the failed query").isIn(0, 143);
        }
    }

    private static String sparkSql(LakehouseProcess lakehouse, String statement) throws Exception {
        String body = "{\"engine\":\"spark\",\"statement\":\"" + statement + "\"}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(lakehouse.consoleUri().resolve("/api/sql"))
                    .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    private static int status(LakehouseProcess lakehouse, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = lakehouse.consoleUri().resolve(path);
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
