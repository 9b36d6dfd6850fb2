package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainee journey end to end: `lakehouse demo` on a fresh data directory, then, with the stack running,
 * psql on the source, gold checked against figures computed independently from the source with plain SQL,
 * an incremental run that adds exactly the new orders, the medallion on Delta Lake with the same gold, and a bad batch
 * the audit stops before main.
 */
class MedallionIT {
    private static final Duration BOOT = Duration.ofMinutes(4);
    private static final Duration RUN = Duration.ofMinutes(8);
    /** A smaller shop than the default 100,000 orders: the same data problems, a faster test. */
    private static final int ORDERS = 20_000;
    private static final List<String> COUNTRIES = List.of("US", "DE", "FR", "GB", "NL", "SE", "ES", "IT", "PL", "PT", "BR", "CA", "JP", "IN", "AU");

    @Test
    void demoThenGoldMatchesTheSourceIncrementalRunsAddExactlyTheNewOrdersAndABadBatchNeverReachesMain(@TempDir Path dataDir)
            throws Exception {
        LakehouseProcess.Result demo = LakehouseProcess.run(dataDir, RUN, "demo", "--set", "sourcedb.orders=" + ORDERS, "--events", "2000");
        assertThat(demo.exitCode()).as(demo.stdout() + demo.stderr()).isZero();
        assertThat(demo.stdout()).contains("audit: 24 of 24 checks passed", "published: merged etl-", "gold.revenue_by_country_month",
                "iot.sensors_bronze", "merge etl-", "Demo done in");
        // the lines to try next can be pasted as they are: this java, this jar, this data directory
        assertThat(demo.stdout()).contains(LakehouseProcess.java() + " -jar target/lakehouse.jar sql --data-dir " + dataDir + " -e \"SELECT");
        assertThat(demo.stdout()).contains("notebook medallion-tour walks through");
        Path tour = dataDir.resolve("notebooks/medallion-tour.json");
        assertThat(tour).exists();

        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "sourcedb,trino,spark", "--ports", "random").awaitReady(BOOT);
             Connection source = source(lakehouse);
             Connection trino = trino(lakehouse)) {
            URI postgres = lakehouse.endpoint("sourcedb", "postgres");
            assertThat(psql(postgres, "SELECT count(*) FROM orders")).isEqualTo(String.valueOf(ORDERS));

            assertThat(gold(trino)).as("gold.revenue_by_country_month against the source, cleaned by hand").isEqualTo(expectedRevenue(source))
                    .isNotEmpty();
            assertThat(single(trino, "SELECT CAST(sum(lifetime_value) AS DECIMAL(20,2)) FROM iceberg.gold.customer_lifetime_value"))
                    .isEqualTo(expectedRevenue(source).values().stream().map(figures -> figures.revenue).reduce(BigDecimal.ZERO, BigDecimal::add)
                            .toPlainString());

            // 100 new orders with an item each: the next run takes exactly those
            long bronzeOrders = Long.parseLong(single(trino, "SELECT count(*) FROM iceberg.bronze.orders"));
            long silverOrders = Long.parseLong(single(trino, "SELECT count(*) FROM iceberg.silver.orders"));
            long silverItems = Long.parseLong(single(trino, "SELECT count(*) FROM iceberg.silver.order_items"));
            List<Long> customers = customers(trino, 100);
            insertOrders(source, customers, 1_000_000, 3);
            LakehouseProcess.Result incremental = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "medallion");
            assertThat(incremental.exitCode()).as(incremental.stdout() + incremental.stderr()).isZero();
            assertThat(incremental.stdout()).containsPattern("bronze +orders +100 new or changed rows")
                    .containsPattern("silver +orders +100 merged, 0 quarantined");
            assertThat(Long.parseLong(single(trino, "SELECT count(*) FROM iceberg.bronze.orders"))).isEqualTo(bronzeOrders + 100);
            assertThat(Long.parseLong(single(trino, "SELECT count(*) FROM iceberg.silver.orders"))).isEqualTo(silverOrders + 100);
            assertThat(Long.parseLong(single(trino, "SELECT count(*) FROM iceberg.silver.order_items"))).isEqualTo(silverItems + 100);
            assertThat(gold(trino)).as("gold after the incremental run").isEqualTo(expectedRevenue(source));

            // the same medallion on Delta Lake: Delta tables under s3a://warehouse/delta in spark_catalog, the same
            // audit, and gold equal to the Iceberg medallion's row by row; Delta has no branches, so no write-audit-publish
            LakehouseProcess.Result delta = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "medallion", "--format", "delta");
            assertThat(delta.exitCode()).as(delta.stdout() + delta.stderr()).isZero();
            assertThat(delta.stdout()).contains("writing Delta tables under s3a://warehouse/delta in place", "audit: 24 of 24 checks passed",
                    "written: Delta tables under s3a://warehouse/delta");
            assertThat(dataDir.resolve("s3/warehouse/delta/gold/revenue_by_country_month/_delta_log")).isDirectory();
            URI connect = lakehouse.endpoint("spark", "connect");
            List<String> goldTables = List.of("revenue_by_country_month", "customer_lifetime_value", "top_products");
            List<String> statements = new java.util.ArrayList<>();
            for (String table : goldTables) {
                statements.add("SELECT * FROM lakehouse.gold." + table + " ORDER BY ALL");
                statements.add("SELECT * FROM spark_catalog.gold." + table + " ORDER BY ALL");
            }
            statements.add("DESCRIBE DETAIL spark_catalog.gold.top_products");
            List<List<String>> deltaAnswers = ConnectStatements.run(connect, statements.toArray(String[]::new));
            for (int i = 0; i < goldTables.size(); i++) {
                assertThat(deltaAnswers.get(2 * i + 1)).as("spark_catalog.gold." + goldTables.get(i) + " (Delta) row by row")
                        .isNotEmpty().containsExactlyElementsOf(deltaAnswers.get(2 * i));
            }
            assertThat(deltaAnswers.getLast()).singleElement().asString().startsWith("delta|").contains("s3a://warehouse/delta/gold/top_products");
            // Trino reads the Delta run through its Iceberg mirrors (delta_LAYER.TABLE), equal to the Iceberg medallion
            assertThat(delta.stdout()).contains("mirrored for Trino: 12 tables as iceberg.delta_<layer>.<table> (12 changed)");
            for (String table : goldTables) {
                assertThat(rows(trino, "SELECT * FROM iceberg.delta_gold." + table)).as("iceberg.delta_gold." + table + " in Trino")
                        .isNotEmpty().isEqualTo(rows(trino, "SELECT * FROM iceberg.gold." + table));
            }
            assertThat(single(trino, "SELECT count(*) FROM iceberg.delta_silver.orders")).isEqualTo(single(trino, "SELECT count(*) FROM iceberg.silver.orders"));
            assertThat(single(trino, "SELECT value FROM iceberg.delta_gold.\"top_products$properties\" WHERE key = 'lakehouse.delta.location'"))
                    .isEqualTo("s3a://warehouse/delta/gold/top_products");
            LakehouseProcess.Result deltaWap = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "medallion", "--format", "delta",
                    "--option", "wap=true");
            assertThat(deltaWap.exitCode()).isNotZero();
            assertThat(deltaWap.errorLines()).singleElement().asString().contains("Delta tables have no branches");

            // the demo's notebook, every cell as the console runs it: time travel still sees the demo's orders, the
            // branch diff the orders deleted on sandbox (the cancelled ones) and those main took in since
            long cancelled = Long.parseLong(single(trino, "SELECT count(*) FROM iceberg.silver.orders WHERE status = 'cancelled'"));
            Map<String, List<List<Object>>> answers = runNotebook(lakehouse.consoleUri(), tour);
            assertThat(answers.entrySet().stream().filter(answer -> answer.getKey().contains("FOR VERSION AS OF")).findFirst().orElseThrow()
                    .getValue()).containsExactly(List.of(silverOrders, silverOrders + 100));
            assertThat(answers.entrySet().stream().filter(answer -> answer.getKey().contains("'only on sandbox'")).findFirst().orElseThrow()
                    .getValue()).containsExactlyInAnyOrder(List.of("only on main", cancelled + 100), List.of("only on sandbox", 0L));
            assertThat(cancelled).isPositive();
            assertThat(answers.entrySet().stream().filter(answer -> answer.getKey().contains("gold.revenue_by_country_month\nGROUP BY country"))
                    .findFirst().orElseThrow().getValue()).hasSizeGreaterThan(1);

            // the console (issue 18) shows the demo's gold table and its rows, in a real browser
            java.util.Set<String> countries = new java.util.TreeSet<>();
            expectedRevenue(source).keySet().forEach(key -> countries.add(key.substring(0, key.lastIndexOf(' '))));
            WebDriver browser = Chromium.headless();
            try {
                browser.get(lakehouse.consoleUri().resolve("/#/tables").toString());
                new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("a[data-table='gold.revenue_by_country_month']"))).click();
                WebElement sample = new WebDriverWait(browser, Duration.ofSeconds(60)).until(
                        ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sample-rows table")));
                assertThat(sample.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText))
                        .containsExactly("country", "month", "orders", "revenue");
                List<WebElement> rows = sample.findElements(By.cssSelector("tbody tr"));
                assertThat(rows).isNotEmpty();
                for (WebElement row : rows) {
                    assertThat(countries).contains(row.findElement(By.cssSelector("td")).getText());
                }
                Chromium.screenshot(browser, "medallion-gold-in-the-console");
            } finally {
                browser.quit();
            }

            // a bad batch: an item of 5,000 units passes cleaning but not the audit; main stays as it was (an Iceberg run
            // after the Delta one: it must find its own bronze, not Delta's bronze.orders in spark_catalog)
            URI nessie = lakehouse.endpoint("catalog", "nessie");
            String mainBefore = head(nessie, "main");
            insertOrders(source, customers.subList(0, 1), 2_000_000, 5_000);
            LakehouseProcess.Result bad = LakehouseProcess.run(dataDir, RUN, "pipeline", "run", "medallion");
            assertThat(bad.exitCode()).as(bad.stdout() + bad.stderr()).isEqualTo(4);
            assertThat(bad.stderr()).contains("the audit failed, so main is unchanged", "FAILED silver.order_items.quantity_in_range: 1 violation");
            assertThat(head(nessie, "main")).as("main untouched").isEqualTo(mainBefore);
            assertThat(single(trino, "SELECT count(*) FROM iceberg.silver.order_items WHERE quantity > 1000")).isEqualTo("0");
            String branch = bad.stderr().replaceAll("(?s).*data stays on branch (etl-[0-9T]+).*", "$1");
            assertThat(branch).startsWith("etl-");
            assertThat(head(nessie, branch)).as("the branch kept for inspection").isNotEqualTo(mainBefore);
        }
    }

    /**
     * Runs a notebook's SQL cells in order through POST /api/sql, as its page does (a session per engine), and
     * fails on the first cell an engine refuses; the rows of each, by the cell's source.
     */
    private static Map<String, List<List<Object>>> runNotebook(URI console, Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, List<List<Object>>> answers = new java.util.LinkedHashMap<>();
        String session = "medallion-it-" + System.nanoTime();
        for (JsonNode cell : json.readTree(file.toFile()).get("cells")) {
            if (!cell.get("cell_type").asText().equals("sql")) {
                continue;
            }
            String source = cell.get("source").asText();
            String engine = cell.get("engine").asText();
            String body = json.writeValueAsString(Map.of("engine", engine, "statement", source, "session", session + "-" + engine));
            HttpResponse<String> response;
            try (HttpClient http = HttpClient.newHttpClient()) {
                response = http.send(HttpRequest.newBuilder(console.resolve("/api/sql")).POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            }
            assertThat(response.statusCode()).as(source).isEqualTo(200);
            List<List<Object>> rows = new java.util.ArrayList<>();
            boolean done = false;
            for (String line : response.body().split("\n")) {
                JsonNode event = json.readTree(line);
                assertThat(event.has("error")).as(engine + ": " + source + " -> " + line).isFalse();
                if (event.has("row")) {
                    List<Object> row = new java.util.ArrayList<>();
                    event.get("row").forEach(value -> row.add(value.isIntegralNumber() ? value.asLong() : value.isNull() ? null : value.asText()));
                    rows.add(row);
                }
                done |= event.has("done");
            }
            assertThat(done).as(source).isTrue();
            answers.put(source, rows);
        }
        assertThat(answers).hasSizeGreaterThanOrEqualTo(8);
        return answers;
    }

    /** Revenue by country and month from the source, with silver's rules written out again in plain SQL. */
    private static Map<String, Figures> expectedRevenue(Connection source) throws SQLException {
        String countries = String.join(", ", COUNTRIES.stream().map(country -> "'" + country + "'").toList());
        String sql = """
                WITH canonical AS (
                  SELECT c.customer_id,
                         CASE WHEN upper(trim(c.country)) IN (%s) THEN upper(trim(c.country)) ELSE 'UNKNOWN' END AS country
                  FROM customers c
                  WHERE c.email IS NOT NULL AND trim(c.email) <> ''
                    AND c.customer_id = (SELECT min(d.customer_id) FROM customers d WHERE lower(trim(d.email)) = lower(trim(c.email))))
                SELECT c.country, EXTRACT(YEAR FROM o.order_date) AS y, EXTRACT(MONTH FROM o.order_date) AS m,
                       count(DISTINCT o.order_id), sum(i.quantity * i.unit_price)
                FROM orders o
                JOIN canonical c ON c.customer_id = o.customer_id
                JOIN order_items i ON i.order_id = o.order_id
                JOIN products p ON p.product_id = i.product_id
                WHERE o.order_date IS NOT NULL AND lower(trim(o.status)) IN ('paid', 'shipped', 'delivered')
                  AND i.quantity > 0 AND i.unit_price > 0
                GROUP BY 1, 2, 3
                """.formatted(countries);
        Map<String, Figures> result = new TreeMap<>();
        try (Statement statement = source.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.put(key(rows.getString(1), rows.getInt(2), rows.getInt(3)), new Figures(rows.getLong(4), rows.getBigDecimal(5)));
            }
        }
        return result;
    }

    private static Map<String, Figures> gold(Connection trino) throws SQLException {
        Map<String, Figures> result = new TreeMap<>();
        try (Statement statement = trino.createStatement();
             ResultSet rows = statement.executeQuery("SELECT country, year(month), month(month), orders, revenue FROM iceberg.gold.revenue_by_country_month")) {
            while (rows.next()) {
                result.put(key(rows.getString(1), rows.getInt(2), rows.getInt(3)), new Figures(rows.getLong(4), rows.getBigDecimal(5)));
            }
        }
        return result;
    }

    private static String key(String country, int year, int month) {
        return country + " " + year + "-" + (month < 10 ? "0" : "") + month;
    }

    /** One month's figures of a country; revenue compared by value (2 decimals), not by scale. */
    private record Figures(long orders, BigDecimal revenue) {
        Figures {
            revenue = revenue.setScale(2, java.math.RoundingMode.UNNECESSARY);
        }
    }

    /** Customers silver has taken in, so that their new orders are valid. */
    private static List<Long> customers(Connection trino, int count) throws SQLException {
        List<Long> ids = new java.util.ArrayList<>();
        try (Statement statement = trino.createStatement();
             ResultSet rows = statement.executeQuery("SELECT customer_id FROM iceberg.silver.customers ORDER BY customer_id LIMIT " + count)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        assertThat(ids).hasSize(count);
        return ids;
    }

    /** A paid order for each customer, each with one item of {@code quantity} units, updated now. */
    private static void insertOrders(Connection source, List<Long> customers, long firstId, int quantity) throws SQLException {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now().withNano(0));
        try (PreparedStatement order = source.prepareStatement(
                     "INSERT INTO orders (order_id, customer_id, order_date, status, updated_at) VALUES (?, ?, CURRENT_DATE, 'paid', ?)");
             PreparedStatement item = source.prepareStatement(
                     "INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price, updated_at) VALUES (?, 1, ?, ?, 12.50, ?)")) {
            long id = firstId;
            for (long customer : customers) {
                id++;
                order.setLong(1, id);
                order.setLong(2, customer);
                order.setTimestamp(3, now);
                order.addBatch();
                item.setLong(1, id);
                item.setLong(2, 1 + id % 10);
                item.setInt(3, quantity);
                item.setTimestamp(4, now);
                item.addBatch();
            }
            order.executeBatch();
            item.executeBatch();
        }
    }

    private static String head(URI nessie, String branch) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(nessie + "/trees/" + branch)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body()).path("reference").path("hash").asText();
        }
    }

    /** psql (Debian's postgresql-client) on the source's PostgreSQL port: one value. */
    private static String psql(URI postgres, String sql) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("psql", "-h", postgres.getHost(), "-p", String.valueOf(postgres.getPort()),
                "-U", "lakehouse", "-d", "shop", "-tA", "-c", sql).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", "lakehouse");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static Connection source(LakehouseProcess lakehouse) throws Exception {
        return DriverManager.getConnection(lakehouse.endpoint("sourcedb", "jdbc").toString(), "lakehouse", "lakehouse");
    }

    private static Connection trino(LakehouseProcess lakehouse) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", "test");
        return DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), properties);
    }

    /** Every row of a query, as text, sorted: two tables' rows compare whatever order each engine reads them in. */
    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new java.util.ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet results = statement.executeQuery(sql)) {
            int columns = results.getMetaData().getColumnCount();
            while (results.next()) {
                StringBuilder row = new StringBuilder();
                for (int column = 1; column <= columns; column++) {
                    row.append(column > 1 ? "|" : "").append(results.getString(column));
                }
                rows.add(row.toString());
            }
        }
        java.util.Collections.sort(rows);
        return rows;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet results = statement.executeQuery(sql)) {
            results.next();
            return results.getString(1);
        }
    }
}
