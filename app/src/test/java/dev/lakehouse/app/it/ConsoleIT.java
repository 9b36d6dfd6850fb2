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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: the web console in a real browser (Debian's chromium, driven through chromedriver by Selenium) on a
 * running stack. Each test leaves a screenshot of its page under target/console-screenshots/ for a reviewer.
 */
@SharedStack(services = "catalog,kafka,trino,spark")
class ConsoleIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WebDriver browser;
    private static URI console;

    @BeforeAll
    static void openBrowser(LakehouseProcess lakehouse) throws IOException {
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
