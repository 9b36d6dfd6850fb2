package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: the web console in a real browser (Debian's chromium, driven through chromedriver by Selenium) on a
 * running stack. Each test leaves a screenshot of its page under target/console-screenshots/ for a reviewer.
 */
@SharedStack(services = "catalog,kafka,trino,spark,flows")
class ConsoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WebDriver browser;
    private static URI console;
    private static LakehouseProcess stack;

    @BeforeAll
    static void openBrowser(LakehouseProcess lakehouse) throws IOException {
        stack = lakehouse;
        console = lakehouse.consoleUri();
        browser = Chromium.headless();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        Chromium.screenshot(browser, test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void overviewShowsEveryComponentReady() throws Exception {
        Set<String> services = new TreeSet<>();
        api("GET", "/api/status", null).get("services").fieldNames().forEachRemaining(services::add);
        open("#/overview");
        List<WebElement> cards = waitFor().until(driver -> {
            List<WebElement> shown = driver.findElements(By.cssSelector("[data-component]"));
            return shown.size() == services.size() ? shown : null;
        });
        Set<String> shown = new TreeSet<>();
        for (WebElement card : cards) {
            shown.add(card.getAttribute("data-component"));
            assertThat(card.findElement(By.cssSelector(".state")).getText()).as(card.getAttribute("data-component")).isEqualTo("READY");
        }
        assertThat(shown).isEqualTo(services).contains("catalog", "kafka", "trino", "spark", "storage");
        String page = browser.findElement(By.id("page")).getText();
        // the client snippets, with this stack's own ports in them
        assertThat(page).contains("aws --endpoint-url", "kcat -b", "jdbc:trino://", "load_catalog", "sc://").contains("heap");
        assertThat(browser.findElement(By.cssSelector("[data-component=trino] a")).getAttribute("href")).endsWith("/ui/");
    }

    @Test
    void aTableWithRowsCanBeBrowsedTo() throws Exception {
        String table = "cities_" + UUID.randomUUID().toString().substring(0, 8);
        sql("CREATE SCHEMA IF NOT EXISTS iceberg.console_it");
        sql("CREATE TABLE iceberg.console_it." + table + " (name varchar, population bigint)");
        sql("INSERT INTO iceberg.console_it." + table + " VALUES ('Lisbon', 545923), ('Porto', 231800)");

        open("#/tables");
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[data-table='console_it." + table + "']"))).click();
        WebElement sample = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sample-rows table")));
        assertThat(sample.getText()).contains("name", "population", "Lisbon", "545923", "Porto", "231800");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#table-snapshots table")));
        assertThat(browser.findElement(By.id("table-snapshots")).getText()).contains("append");
        assertThat(browser.findElement(By.id("table-schema")).getText()).contains("population", "bigint");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#table-files table")));
        assertThat(browser.findElement(By.id("table-files")).getText()).contains(".parquet");
    }

    @Test
    void aQueryInTheEditorShowsItsResultGrid() {
        open("#/sql");
        WebElement editor = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("sql-editor")));
        editor.clear();
        editor.sendKeys("SELECT name, regionkey FROM tpch.tiny.nation WHERE regionkey = 2 ORDER BY name");
        browser.findElement(By.id("sql-run")).click();
        WebElement grid = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("sql-grid")));
        List<String> header = grid.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText).toList();
        assertThat(header).containsExactly("name", "regionkey");
        List<String> names = new ArrayList<>();
        for (WebElement row : grid.findElements(By.cssSelector("tbody tr"))) {
            names.add(row.findElement(By.cssSelector("td")).getText());
        }
        assertThat(names).containsExactly("CHINA", "INDIA", "INDONESIA", "JAPAN", "VIETNAM");
        assertThat(browser.findElement(By.id("sql-status")).getText()).startsWith("5 row(s)");
        // the statement is in the session's history
        assertThat(browser.findElement(By.id("sql-history")).getText()).contains("tpch.tiny.nation WHERE regionkey = 2");
    }

    @Test
    void aRunningQueryCanBeCancelled() {
        open("#/sql");
        WebElement editor = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("sql-editor")));
        editor.clear();
        // minutes of work on this machine: only Cancel ends it within the wait
        editor.sendKeys("SELECT count(*) FROM tpch.sf1000.lineitem WHERE comment LIKE '%cancel me%'");
        browser.findElement(By.id("sql-run")).click();
        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("sql-cancel"))).click();
        WebElement cancelled = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("sql-cancelled")));
        assertThat(cancelled.getText()).startsWith("Cancelled after");
        assertThat(browser.findElement(By.id("sql-run")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.id("sql-cancel")).isEnabled()).isFalse();
        assertThat(browser.findElements(By.id("sql-grid"))).isEmpty();
    }

    @Test
    void aBranchCreatedInThePageIsListed() throws Exception {
        String branch = "console_" + UUID.randomUUID().toString().substring(0, 8);
        open("#/branches");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#branch-table tr[data-branch=main]")));
        browser.findElement(By.id("branch-name")).sendKeys(branch);
        browser.findElement(By.cssSelector("#branch-create button[type=submit]")).click();
        try {
            WebElement row = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#branch-table tr[data-branch=" + branch + "]")));
            assertThat(row.getText()).contains(branch, "BRANCH");
            assertThat(row.findElements(By.tagName("button")).stream().map(WebElement::getText)).containsExactly("log", "merge into main", "delete");
            assertThat(browser.findElement(By.id("branch-message")).getText()).contains("Created " + branch, "iceberg_" + branch);
            List<String> listed = new ArrayList<>();
            api("GET", "/api/branches", null).forEach(reference -> listed.add(reference.get("name").asText()));
            assertThat(listed).contains(branch);
        } finally {
            api("DELETE", "/api/branches/" + branch, null);
        }
    }

    @Test
    void aTopicShowsItsPartitionsAndNewestMessages() throws Exception {
        String topic = "console-" + UUID.randomUUID().toString().substring(0, 8);
        api("POST", "/api/topics", Map.of("name", topic, "partitions", 2));
        try {
            HttpResponse<String> produced = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.resolve("/api/topics/" + topic + "/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("first\nsecond\nthird\n")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(produced.body()).contains("\"produced\" : 3");
            // the new read route's bad input: one clear line and a 4xx, as every route of the API
            assertThat(status("/api/topics/" + topic + "/messages?max=lots")).isEqualTo(400);
            assertThat(status("/api/topics/" + topic + "/messages?max=0")).isEqualTo(400);
            assertThat(status("/api/topics/no-such-topic-" + topic + "/messages")).isEqualTo(404);

            open("#/streams?topic=" + topic);
            WebElement messages = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("topic-messages")));
            assertThat(messages.findElements(By.cssSelector("tbody tr"))).hasSize(3);
            assertThat(messages.getText()).contains("first", "second", "third");
            assertThat(browser.findElement(By.id("topic-list")).getText()).contains(topic + " 2 partition(s), 3 message(s)");
        } finally {
            api("DELETE", "/api/topics/" + topic, null);
        }
    }

    @Test
    void aFlowTriggeredInThePageSucceedsInTheGridAndATaskShowsItsLog() throws Exception {
        String flow = "console-" + UUID.randomUUID().toString().substring(0, 8);
        Path flows = Files.createDirectories(stack.dataDir().resolve("flows"));
        Files.writeString(flows.resolve(flow + ".yaml"), """
                description: three steps for the console's grid
                tasks:
                  extract:
                    sql: SELECT 42 AS answer
                  transform:
                    sql: SELECT 'shaped' AS what
                    after: [extract]
                  check:
                    sql: SELECT 1
                    after: [extract]
                  load:
                    sql: SELECT 'loaded'
                    after: [transform, check]
                """);
        awaitApi("/api/flows/" + flow);

        open("#/flows?flow=" + flow);
        WebElement dag = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#flow-dag svg")));
        assertThat(dag.findElements(By.cssSelector("g[data-node]"))).hasSize(4);
        assertThat(dag.findElements(By.cssSelector("path[data-from=extract][data-to=transform]"))).hasSize(1);
        assertThat(dag.findElements(By.cssSelector(".edges path"))).hasSize(4);
        assertThat(browser.findElement(By.cssSelector("#flow-table tr[data-flow='" + flow + "']")).getText()).contains("paused");

        waitFor().until(ExpectedConditions.elementToBeClickable(By.id("flow-trigger"))).click();
        assertThat(waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#flow-message p"))).getText()).startsWith("Queued run");
        // the grid is read again every 2 s: the run's tasks turn green as they end
        new WebDriverWait(browser, Duration.ofMinutes(2)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#flow-runs tr.run-row td.grid-cell.state-success")));
        for (String task : List.of("extract", "transform", "check", "load")) {
            assertThat(browser.findElement(By.cssSelector("#flow-runs td.grid-cell[data-task=" + task + "]")).getAttribute("data-state"))
                    .as(task).isEqualTo("success");
        }
        assertThat(browser.findElement(By.cssSelector("#flow-dag g[data-node=load]")).getAttribute("class")).contains("state-success");

        browser.findElement(By.cssSelector("#flow-runs td.grid-cell[data-task=extract]")).click();
        WebElement log = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#flow-log pre.task-log")));
        assertThat(log.getText()).contains("[42]", "SELECT 42 AS answer: 1 rows");
        assertThat(browser.findElement(By.id("flow-log")).getText()).contains("attempt 1: success");

        // new flows start paused (Airflow's default): the button unpauses, then pauses again
        WebElement pause = browser.findElement(By.id("flow-pause"));
        assertThat(pause.getText()).isEqualTo("Unpause");
        pause.click();
        waitFor().until(ExpectedConditions.textToBe(By.id("flow-pause"), "Pause"));
        assertThat(api("GET", "/api/flows/" + flow, null).get("paused").asBoolean()).isFalse();
        browser.findElement(By.id("flow-pause")).click();
        waitFor().until(ExpectedConditions.textToBe(By.id("flow-pause"), "Unpause"));
        assertThat(api("GET", "/api/flows/" + flow, null).get("paused").asBoolean()).isTrue();

        String run = api("GET", "/api/flows/" + flow + "/grid", null).get("runs").get(0).get("runId").asText();
        assertThat(status("/api/flows/" + flow + "/runs/" + run + "/tasks/no-such-task/log")).isEqualTo(404);
        assertThat(status("/api/flows/" + flow + "/runs/no-such-run/tasks/extract/log")).isEqualTo(404);
        assertThat(status("/api/flows/" + flow + "/grid?runs=0")).isEqualTo(400);
        assertThat(status("/api/flows/" + flow + "/grid?runs=many")).isEqualTo(400);
        assertThat(status("/api/flows/no-such-flow-" + flow + "/grid")).isEqualTo(404);
    }

    @Test
    void aModelsProjectShowsItsLineage() throws Exception {
        Path project = stack.dataDir().resolve("console-models-" + UUID.randomUUID().toString().substring(0, 8));
        api("POST", "/api/models/init", Map.of("directory", project.toString()));
        JsonNode lineage = api("GET", "/api/models/lineage?project=" + project, null);
        List<String> types = new ArrayList<>();
        lineage.get("nodes").forEach(node -> types.add(node.get("type").asText()));
        assertThat(types).contains("source", "model", "test");

        open("#/models?project=" + project);
        WebElement graph = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#models-lineage")));
        assertThat(graph.findElements(By.cssSelector("g[data-node]"))).hasSize(types.size());
        assertThat(graph.findElements(By.cssSelector(".edges path"))).hasSize(lineage.get("edges").size()).isNotEmpty();
        assertThat(browser.findElement(By.id("models-nodes")).getText()).contains("source", "model", "test");
        assertThat(graph.findElements(By.cssSelector("g.type-source"))).isNotEmpty();
        // left to right: every node is drawn right of each node it reads
        for (JsonNode edge : lineage.get("edges")) {
            assertThat(x(graph, edge.get("to").asText())).as(edge.toString()).isGreaterThan(x(graph, edge.get("from").asText()));
        }

        assertThat(status("/api/models/lineage")).isEqualTo(400);
        assertThat(status("/api/models/lineage?project=relative/folder")).isEqualTo(400);
        assertThat(status("/api/models/lineage?project=" + project + "-missing")).isEqualTo(404);
        assertThat(status("/api/models/lineage?project=" + stack.dataDir().resolve("flows"))).isEqualTo(400);
    }

    @Test
    void anObjectCanBeBrowsedToAndDownloaded() throws Exception {
        String bucket = "console-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bytes = "city,population\nLisbon,545923\n".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = S3Clients.awsSdk(stack)) {
            s3.createBucket(request -> request.bucket(bucket));
            s3.putObject(request -> request.bucket(bucket).key("reports/2026/cities.csv"), RequestBody.fromBytes(bytes));
            s3.putObject(request -> request.bucket(bucket).key("top.txt"), RequestBody.fromString("top"));
        }
        open("#/storage");
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#bucket-list a[data-bucket='" + bucket + "']"))).click();
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#object-table tr[data-folder='reports/'] a"))).click();
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#object-table tr[data-folder='reports/2026/'] a"))).click();
        WebElement row = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#object-table tr[data-key='reports/2026/cities.csv']")));
        assertThat(row.getText()).contains("cities.csv", bytes.length + " B");
        assertThat(browser.findElement(By.id("object-path")).getText()).isEqualTo(bucket + " / reports / 2026 /");

        String href = row.findElement(By.cssSelector("a.download")).getAttribute("href");
        HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment; filename=\"cities.csv\"");

        String objects = "/api/storage/buckets/" + bucket + "/objects";
        assertThat(api("GET", objects + "?prefix=reports/2026/", null).get("objects").get(0).get("size").asLong()).isEqualTo(bytes.length);
        assertThat(status("/api/storage/buckets/no-such-" + bucket + "/objects")).isEqualTo(404);
        assertThat(status("/api/storage/buckets/Not_A_Bucket/objects")).isEqualTo(400);
        assertThat(status(objects + "?prefix=reports/../")).isEqualTo(400);
        String download404 = "/api/storage/buckets/" + bucket + "/download";
        assertThat(status(download404)).isEqualTo(400);
        assertThat(status(download404 + "?key=reports/2026/missing.csv")).isEqualTo(404);
        assertThat(status(download404 + "?key=reports/../top.txt")).isEqualTo(400);
        assertThat(status("/api/storage/buckets/no-such-" + bucket + "/download?key=top.txt")).isEqualTo(404);
    }

    @Test
    void aConsumerGroupShowsItsLag() throws Exception {
        String topic = "console-lag-" + UUID.randomUUID().toString().substring(0, 8);
        String group = "console-group-" + UUID.randomUUID().toString().substring(0, 8);
        api("POST", "/api/topics", Map.of("name", topic, "partitions", 1));
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.resolve("/api/topics/" + topic + "/messages"))
                    .POST(HttpRequest.BodyPublishers.ofString("a\nb\nc\nd\ne\n")).build(), HttpResponse.BodyHandlers.ofString());
            // the group has read two of five messages: it lags by three
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpointProperty("kafka", "bootstrap", "bootstrap-servers"));
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
                consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2)));
            }

            open("#/streams");
            WebElement row = waitFor().until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#group-table tr[data-group='" + group + "'][data-topic='" + topic + "']")));
            List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            // group, state, members, group lag, topic, partition, committed, end, lag
            assertThat(cells).containsExactly(group, "Empty", "0", "3", topic, "0", "2", "5", "3");
        } finally {
            api("DELETE", "/api/topics/" + topic, null);
        }
    }

    @Test
    void aDiffOfTwoBranchesShowsTheTableOneOfThemAdded() throws Exception {
        String branch = "console_diff_" + UUID.randomUUID().toString().substring(0, 8);
        String table = "harbours_" + UUID.randomUUID().toString().substring(0, 8);
        sql("CREATE SCHEMA IF NOT EXISTS iceberg.console_it");
        api("POST", "/api/branches", Map.of("name", branch, "from", "main"));
        try {
            sql("CREATE TABLE iceberg_" + branch + ".console_it." + table + " (name varchar)");
            sql("INSERT INTO iceberg_" + branch + ".console_it." + table + " VALUES ('Leixoes')");

            open("#/branches");
            waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diff-branch option[value='" + branch + "']")));
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("diff-branch"))).selectByValue(branch);
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("diff-with"))).selectByValue("main");
            browser.findElement(By.cssSelector("#branch-compare button[type=submit]")).click();
            WebElement diff = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diff-table")));
            assertThat(diff.getText()).contains("added console_it." + table + " ICEBERG_TABLE");
            assertThat(browser.findElement(By.id("branch-diff")).getText()).contains("What " + branch + " has that main has not");

            // the other way round, the table is one main lacks
            JsonNode reverse = api("GET", "/api/branches/main/diff?with=" + branch, null);
            assertThat(reverse.get("removed").toString()).contains("console_it." + table);

            // the branch's log: each commit with the table it changed
            browser.findElement(By.cssSelector("#branch-table tr[data-branch='" + branch + "'] button")).click();
            WebElement commits = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#branch-commits")));
            assertThat(commits.findElement(By.cssSelector("tbody tr")).getText()).contains("console_it." + table);

            assertThat(status("/api/branches/" + branch + "/diff")).isEqualTo(400);
            assertThat(status("/api/branches/" + branch + "/diff?with=no-such-branch")).isEqualTo(404);
            assertThat(status("/api/branches/no-such-branch/diff?with=main")).isEqualTo(404);
            assertThat(status("/api/branches/no-such-branch/changes")).isEqualTo(404);
            assertThat(status("/api/branches/main/changes?max=0")).isEqualTo(400);
        } finally {
            api("DELETE", "/api/branches/" + branch, null);
        }
    }

    @Test
    void theFilesAreServedFromTheJarWithTypesAndCaching() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(console.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        // nothing from the internet: every script and style sheet the page names is the lakehouse's own
        assertThat(page.body()).contains("/console/app.js").doesNotContain("https://", "http://");
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(console.resolve("/console/app.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        String etag = script.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(console.resolve("/console/app.js")).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        for (String missing : List.of("/console/nothing.js", "/console/%2e%2e/console/ConsoleServer.class", "/console/pages/../app.js", "/console/")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(console + missing)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(missing).isEqualTo(404);
            assertThat(answer.body()).as(missing).contains("\"error\"");
        }
    }

    /**
     * Page load to interactive, for the report: ten fresh loads of the overview, each measured by the browser
     * (Navigation Timing's domInteractive, and the mark the overview sets when the components first show). The bound
     * is loose: it catches a console that hangs, not a slow machine.
     */
    @Test
    void theOverviewLoadsQuickly() {
        List<Double> interactive = new ArrayList<>();
        List<Double> shown = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            browser.get("about:blank");
            open("#/overview");
            waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-component]")));
            @SuppressWarnings("unchecked")
            Map<String, Object> timing = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript(
                    "const nav = performance.getEntriesByType('navigation')[0];"
                            + "const mark = performance.getEntriesByName('lakehouse:components-shown')[0];"
                            + "return {interactive: nav.domInteractive, shown: mark ? mark.startTime : -1};");
            interactive.add(((Number) timing.get("interactive")).doubleValue());
            shown.add(((Number) timing.get("shown")).doubleValue());
        }
        double medianInteractive = median(interactive);
        double medianShown = median(shown);
        System.out.printf("console page load, median of 10: domInteractive %.0f ms, components shown %.0f ms (all shown: %s)%n",
                medianInteractive, medianShown, shown);
        assertThat(shown).allMatch(ms -> ms > 0);
        assertThat(medianShown).isLessThan(3000);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }

    private static void open(String route) {
        browser.get(console.resolve("/" + route).toString());
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    /** One statement through the control API (what the SQL page sends); fails on the engine's error. */
    private static void sql(String statement) throws Exception {
        String body = JSON.writeValueAsString(Map.of("engine", "trino", "statement", statement));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.resolve("/api/sql"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(statement).isEqualTo(200);
        assertThat(response.body()).as(statement).contains("\"done\"").doesNotContain("\"error\"");
    }

    /** Where a DAG's node is drawn across (graph.js places each with transform="translate(x,y)"). */
    private static double x(WebElement graph, String node) {
        String transform = graph.findElement(By.cssSelector("g[data-node='" + node + "']")).getAttribute("transform");
        return Double.parseDouble(transform.replaceAll("translate\\(([-0-9.]+),.*", "$1"));
    }

    /** Waits until a GET answers 2xx (a flow file is read within two seconds of being written). */
    private static void awaitApi(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
            assertThat(System.nanoTime()).as(path + " never answered").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static int status(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).as(path).contains("\"error\"");
        return response.statusCode();
    }

    private static JsonNode api(String method, String path, Object body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.resolve(path))
                .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }
}
