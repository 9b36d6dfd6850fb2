package dev.lakehouse.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.api.ControlApi;
import dev.lakehouse.runtime.api.Router;
import dev.lakehouse.runtime.console.WebServers;
import io.helidon.webserver.WebServer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample project `lakehouse models init` writes, built through the control API as the command line does: its
 * routes come from the ApiExtension (ServiceLoader), the run streams dbt's lines, then a done event. Silver's tables
 * are made here with the medallion's own schemas (running the medallion needs the source database).
 */
@LakehouseTest(services = {"spark", "trino"})
class SampleProjectApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebServer server;
    private URI api;

    @BeforeEach
    void serveTheApi(Lakehouse lakehouse) throws Exception {
        Router router = ControlApi.routes(lakehouse, JSON);
        // as the console serves it: Helidon's web server hands every /api request to the router
        server = WebServers.builder("127.0.0.1", 0)
                .routing(routing -> routing.any("/api/*", router::dispatch))
                .build().start();
        api = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** Silver as the medallion pipeline declares it (SilverLayer), with a few rows. */
    private static void silver(SparkSession spark) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lakehouse.silver");
        spark.sql("CREATE TABLE IF NOT EXISTS lakehouse.silver.customers (customer_id BIGINT NOT NULL, email STRING NOT NULL, name STRING,"
                + " country STRING NOT NULL, created_at TIMESTAMP_NTZ, updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL) USING iceberg");
        spark.sql("CREATE TABLE IF NOT EXISTS lakehouse.silver.products (product_id BIGINT NOT NULL, name STRING, category STRING NOT NULL,"
                + " price DECIMAL(10,2), updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL) USING iceberg");
        spark.sql("CREATE TABLE IF NOT EXISTS lakehouse.silver.orders (order_id BIGINT NOT NULL, customer_id BIGINT NOT NULL, order_date DATE NOT NULL,"
                + " status STRING NOT NULL, updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL) USING iceberg");
        spark.sql("CREATE TABLE IF NOT EXISTS lakehouse.silver.order_items (order_id BIGINT NOT NULL, line_no INT NOT NULL, product_id BIGINT NOT NULL,"
                + " quantity INT NOT NULL, unit_price DECIMAL(10,2) NOT NULL, updated_at TIMESTAMP_NTZ NOT NULL, _batch_id STRING NOT NULL) USING iceberg");
        String now = "TIMESTAMP_NTZ '2026-11-01 10:00:00'";
        spark.sql("INSERT OVERWRITE lakehouse.silver.customers VALUES (1, 'a@x.com', 'Ann', 'DE', " + now + ", " + now + ", 'b1'),"
                + " (2, 'b@x.com', 'Bob', 'UNKNOWN', " + now + ", " + now + ", 'b1'), (3, 'c@x.com', 'Cy', 'JP', " + now + ", " + now + ", 'b1')");
        spark.sql("INSERT OVERWRITE lakehouse.silver.products VALUES (10, 'pen', 'office', 2.50, " + now + ", 'b1'),"
                + " (11, 'lamp', 'home', 35.00, " + now + ", 'b1')");
        spark.sql("INSERT OVERWRITE lakehouse.silver.orders VALUES (100, 1, DATE '2026-10-01', 'paid', " + now + ", 'b1'),"
                + " (101, 1, DATE '2026-10-02', 'cancelled', " + now + ", 'b1'), (102, 2, DATE '2026-10-02', 'delivered', " + now + ", 'b1')");
        spark.sql("INSERT OVERWRITE lakehouse.silver.order_items VALUES (100, 1, 10, 4, 2.50, " + now + ", 'b1'),"
                + " (100, 2, 11, 1, 35.00, " + now + ", 'b1'), (101, 1, 11, 2, 35.00, " + now + ", 'b1'), (102, 1, 10, 10, 2.50, " + now + ", 'b1')");
    }

    @Test
    void initWritesTheSampleAndTheApiBuildsIt(Lakehouse lakehouse, @TempDir Path dir) throws Exception {
        silver(lakehouse.spark());
        Path project = dir.resolve("shop");
        Map<String, Object> init = post("/api/models/init", Map.of("directory", project.toString()));
        assertThat(init.get("files").toString()).contains("dbt_project.yml", "models/marts/daily_revenue.sql");
        assertThat(project.resolve("dbt_project.yml")).exists();
        assertThat(post("/api/models/init", Map.of("directory", project.toString())).get("error").toString()).contains("is not empty");

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("project", project.toString());
        request.put("command", "build");
        request.put("schema", "sample");
        request.put("operation", "test-run");
        List<Map<String, Object>> events = stream("/api/models/runs", request);
        List<String> lines = events.stream().filter(e -> e.containsKey("line")).map(e -> e.get("line").toString()).toList();
        lines.forEach(System.out::println);
        Map<?, ?> done = (Map<?, ?>) events.getLast().get("done");
        assertThat(done).as(lines.toString()).isNotNull();
        assertThat(done.get("exitCode")).as(String.valueOf(done.get("message"))).isEqualTo(0);
        assertThat(lines).anyMatch(line -> line.endsWith("Completed successfully"));
        try (Trino trino = new Trino(lakehouse.trinoJdbcUrl(), "iceberg")) {
            assertThat(trino.rows("SELECT customer_id, country_name, paid_orders, cancelled_orders, revenue FROM sample_marts.customer_revenue ORDER BY 1"))
                    .containsExactly("1 | Germany | 1 | 1 | 45.00", "2 | Unknown | 0 | 0 | 25.00", "3 | Japan | 0 | 0 | 0.00");
            assertThat(trino.rows("SELECT order_date, orders, revenue FROM sample_marts.daily_revenue ORDER BY 1"))
                    .containsExactly("2026-10-01 | 1 | 45.00", "2026-10-02 | 1 | 25.00");
        }
        assertThat(Files.readString(project.resolve("target/manifest.json"))).contains("\"model.shop.daily_revenue\"");

        // ls through the API needs no engine
        request.put("command", "ls");
        request.put("select", List.of("+customer_revenue"));
        List<String> listed = stream("/api/models/runs", request).stream().filter(e -> e.containsKey("line"))
                .map(e -> e.get("line").toString()).filter(line -> !line.contains("  ")).toList();
        assertThat(listed).contains("shop.marts.customer_revenue", "shop.staging.stg_orders", "shop.country_names",
                "source:shop.silver.orders").doesNotContain("shop.marts.daily_revenue");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, Map<String, ?> body) throws Exception {
        HttpURLConnection connection = send(path, body);
        var in = connection.getResponseCode() >= 400 ? connection.getErrorStream() : connection.getInputStream();
        return JSON.readValue(in, Map.class);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> stream(String path, Map<String, ?> body) throws Exception {
        HttpURLConnection connection = send(path, body);
        List<Map<String, Object>> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                events.add(JSON.readValue(line, Map.class));
            }
        }
        return events;
    }

    private HttpURLConnection send(String path, Map<String, ?> body) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) api.resolve(path).toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(JSON.writeValueAsBytes(body));
        }
        return connection;
    }
}
