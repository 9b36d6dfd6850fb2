package dev.lakehouse.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18, notebooks: a notebook made, run, charted, saved and reloaded in a real browser (Debian's chromium), its
 * file in the data directory, its .ipynb export, and the API's answers to bad names. On the same shared stack as
 * ConsoleIT; each test leaves a screenshot under target/console-screenshots/. The demo's notebook runs in MedallionIT,
 * the one test that has the medallion's tables.
 */
@SharedStack(services = "catalog,kafka,trino,spark")
class NotebooksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static WebDriver browser;
    private static URI console;
    private static Path notebooks;

    @BeforeAll
    static void openBrowser(LakehouseProcess lakehouse) throws IOException {
        console = lakehouse.consoleUri();
        notebooks = lakehouse.dataDir().resolve("notebooks");
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
        Chromium.screenshot(browser, "notebooks-" + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    void aNotebookMadeInThePageRunsChartsSavesReloadsAndExports() throws Exception {
        String name = "regions-" + UUID.randomUUID().toString().substring(0, 8);
        open("#/notebooks");
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("notebook-new-name"))).sendKeys(name);
        browser.findElement(By.cssSelector("#notebook-create button[type=submit]")).click();
        try {
            waitFor().until(ExpectedConditions.elementToBeClickable(By.id("notebook-add-markdown"))).click();
            WebElement markdown = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-cell-type=markdown] textarea")));
            markdown.sendKeys("# Nations per region\n\nFrom *TPC-H*. <script>window.hacked = true</script>");
            browser.findElement(By.id("notebook-add-sql")).click();
            WebElement statement = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-cell-type=sql] textarea")));
            statement.sendKeys("SELECT r.name AS region, count(*) AS nations FROM tpch.tiny.nation n JOIN tpch.tiny.region r"
                    + " ON n.regionkey = r.regionkey WHERE r.name <> 'ASIA' GROUP BY r.name ORDER BY r.name");
            browser.findElement(By.id("notebook-run-all")).click();

            WebElement grid = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-cell-type=sql] .cell-grid")));
            assertThat(grid.findElements(By.cssSelector("thead th")).stream().map(WebElement::getText)).containsExactly("region", "nations");
            assertThat(firstColumn(grid)).containsExactly("AFRICA", "AMERICA", "EUROPE", "MIDDLE EAST");
            assertThat(browser.findElement(By.cssSelector("[data-cell-type=sql] .cell-status")).getText()).startsWith("4 row(s)");
            // Markdown as HTML from the server, its raw HTML shown as text and never run
            WebElement rendered = browser.findElement(By.cssSelector("[data-cell-type=markdown] .markdown"));
            assertThat(rendered.findElement(By.tagName("h1")).getText()).isEqualTo("Nations per region");
            assertThat(rendered.findElement(By.tagName("em")).getText()).isEqualTo("TPC-H");
            assertThat(rendered.getText()).contains("<script>window.hacked = true</script>");
            assertThat(rendered.findElements(By.tagName("script"))).isEmpty();

            new Select(browser.findElement(By.cssSelector("[data-cell-type=sql] .cell-view"))).selectByValue("bar");
            assertBarChart();
            assertThat(new Select(browser.findElement(By.cssSelector("[data-cell-type=sql] .cell-x"))).getFirstSelectedOption().getText()).isEqualTo("region");
            assertThat(new Select(browser.findElement(By.cssSelector("[data-cell-type=sql] .cell-y"))).getFirstSelectedOption().getText()).isEqualTo("nations");

            browser.findElement(By.id("notebook-save")).click();
            waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notebook-status"), "saved at"));
            Path file = notebooks.resolve(name + ".json");
            assertThat(file).exists();
            JsonNode saved = JSON.readTree(file.toFile());
            assertThat(saved.get("format").asText()).isEqualTo("lakehouse-notebook");
            assertThat(saved.at("/cells/1/view/type").asText()).isEqualTo("bar");
            assertThat(saved.at("/cells/1/result/rows")).hasSize(4);
            try (var files = Files.list(notebooks)) {
                assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left").noneMatch(f -> f.endsWith(".tmp"));
            }

            // a new page load shows the notebook as saved: the chart of the kept result, the Markdown rendered
            browser.navigate().refresh();
            assertBarChart();
            waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-cell-type=markdown] .markdown h1")));
            assertThat(browser.findElement(By.cssSelector("[data-cell-type=sql] textarea")).getAttribute("value")).contains("tpch.tiny.region");
            assertThat(browser.findElement(By.cssSelector("[data-cell-type=sql] .cell-status")).getText()).startsWith("4 row(s)");
            Chromium.screenshot(browser, "notebooks-aNotebookReloaded");
            open("#/notebooks");
            assertThat(waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#notebook-table tr[data-notebook='" + name + "']")))
                    .getText()).contains(name, "2");

            HttpResponse<String> export = HTTP.send(HttpRequest.newBuilder(console.resolve("/api/notebooks/" + name + ".ipynb")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"" + name + ".ipynb\"");
            JsonNode ipynb = JSON.readTree(export.body());
            assertThat(ipynb.get("nbformat").asInt()).isEqualTo(4);
            assertThat(ipynb.get("nbformat_minor").asInt()).isGreaterThanOrEqualTo(4);
            assertThat(ipynb.at("/metadata/lakehouse/engine").asText()).isEqualTo("trino");
            JsonNode cells = ipynb.get("cells");
            assertThat(cells).hasSize(2);
            assertThat(cells.at("/0/cell_type").asText()).isEqualTo("markdown");
            assertThat(cells.at("/0/source/0").asText()).isEqualTo("# Nations per region\n");
            assertThat(cells.at("/1/cell_type").asText()).isEqualTo("code");
            assertThat(cells.at("/1/source/0").asText()).isEqualTo("%%sql\n");
            assertThat(cells.at("/1/metadata/lakehouse/engine").asText()).isEqualTo("trino");
            assertThat(cells.at("/1/outputs/0/output_type").asText()).isEqualTo("execute_result");
            assertThat(cells.at("/1/outputs/0/data/text~1plain").toString()).contains("AFRICA");
            assertThat(JSON.readTree(get("/api/notebooks/" + name + "?format=ipynb").body())).isEqualTo(ipynb);
        } finally {
            HTTP.send(HttpRequest.newBuilder(console.resolve("/api/notebooks/" + name)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(notebooks.resolve(name + ".json")).doesNotExist();
    }

    @Test
    void echartsIsServedFromItsWebJarWithTypesAndCaching() throws Exception {
        HttpResponse<String> script = get("/console/vendor/echarts/dist/echarts.esm.min.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(script.body()).contains("export");
        String etag = script.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(console.resolve("/console/vendor/echarts/dist/echarts.esm.min.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        // only the WebJars the console names, only their files, nothing above them
        for (String missing : List.of("/console/vendor/echarts/dist/nothing.js", "/console/vendor/echarts/%2e%2e/%2e%2e/5.3.1/package.json",
                "/console/vendor/echarts/../../META-INF/MANIFEST.MF", "/console/vendor/tslib/tslib.js", "/console/vendor/echarts/")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(console + missing)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(missing).isEqualTo(404);
        }
    }

    @Test
    void badNamesAndBadNotebooksAreRefusedWithOneLine() throws Exception {
        for (String name : List.of("%2E%2E", "a%2Fb", "a%00b", ".hidden", "with%20space")) {
            HttpResponse<String> answer = send("PUT", "/api/notebooks/" + name, "{\"cells\": []}");
            assertThat(answer.statusCode()).as(name).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).as(name).startsWith("a notebook's name is");
            assertThat(get("/api/notebooks/" + name).statusCode()).as(name).isEqualTo(400);
        }
        assertThat(get("/api/notebooks/no-such-notebook").statusCode()).isEqualTo(404);
        assertThat(get("/api/notebooks/no-such-notebook.ipynb").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/notebooks/no-such-notebook", null).statusCode()).isEqualTo(404);
        HttpResponse<String> notJson = send("PUT", "/api/notebooks/bad-body", "cells: []");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).startsWith("the request body is not a notebook");
        HttpResponse<String> python = send("PUT", "/api/notebooks/bad-body", "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"print(1)\"}]}");
        assertThat(python.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(python.body()).get("error").asText()).isEqualTo("cell 1: \"cell_type\" must be markdown or sql, not \"code\"");
        assertThat(notebooks.resolve("bad-body.json")).doesNotExist();
        assertThat(get("/api/notebooks/no-such-notebook?format=pdf").statusCode()).isEqualTo(400);
    }

    private static void assertBarChart() {
        WebElement chart = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-cell-type=sql] .chart[data-chart=bar] svg")));
        // four bars (ECharts draws each as a path in the first colour of its palette) and the regions as axis labels
        waitFor().until(driver -> chart.findElements(By.cssSelector("path[fill='#5470c6']")).size() == 4);
        assertThat(chart.getText()).contains("AFRICA", "MIDDLE EAST");
    }

    private static List<String> firstColumn(WebElement grid) {
        List<String> values = new ArrayList<>();
        for (WebElement row : grid.findElements(By.cssSelector("tbody tr"))) {
            values.add(row.findElement(By.cssSelector("td")).getText());
        }
        return values;
    }

    private static void open(String route) {
        browser.get(console.resolve("/" + route).toString());
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(console + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
