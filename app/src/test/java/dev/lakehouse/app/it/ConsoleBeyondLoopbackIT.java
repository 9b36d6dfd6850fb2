package dev.lakehouse.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console on a lakehouse open to a network, in chromium: the pages load, the API refuses them until the user pastes
 * the console token, which the pages then send on every call. A storage-only stack: the rule is the console's, not a
 * component's, and it boots in seconds.
 */
class ConsoleBeyondLoopbackIT {
    private static final String TOKEN = "console-t0ken-for-the-browser";

    @Test
    void thePagesAskForTheTokenAndSendIt(@TempDir Path dataDir) throws Exception {
        Optional<String> address = ExposureIT.networkAddress();
        assumeTrue(address.isPresent(), "this machine has no IPv4 address other than loopback: nothing to bind beyond it");
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "storage", "--ports", "random",
                "--set", "lakehouse.bind-address=" + address.get(), "--set", "storage.access-key=me",
                "--set", "storage.secret-key=s3-secret-of-mine", "--set", "console.token=" + TOKEN,
                // beyond loopback every shipped secret must be replaced, those of the components not started too
                "--set", "catalog.token=catalog-t0ken", "--set", "kafka.password=kafka-pw", "--set", "sourcedb.password=pg-pw",
                "--set", "spark.connect-token=connect-t0ken", "--set", "trino.password=trino-pw").awaitReady(Duration.ofMinutes(2))) {
            WebDriver browser = Chromium.headless();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get(lakehouse.consoleUri().resolve("/#/overview").toString());
                // without the token: the API's one line, no data, and the bar that asks for it
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-bar")));
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#page .error")));
                assertThat(browser.findElement(By.id("page")).getText()).contains("Authorization: Bearer");
                assertThat(browser.findElements(By.cssSelector("[data-component]"))).isEmpty();
                Chromium.screenshot(browser, "beyondLoopbackTheConsoleAsksForTheToken");

                paste(browser, "not-the-token");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-bar")));
                assertThat(browser.findElements(By.cssSelector("[data-component]"))).isEmpty();

                paste(browser, TOKEN);
                WebElement storage = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-component=storage] .state")));
                assertThat(storage.getText()).isEqualTo("READY");
                assertThat(browser.findElement(By.id("token-bar")).isDisplayed()).isFalse();
                assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('lakehouse.console-token')")).isEqualTo(TOKEN);
                assertThat(browser.findElement(By.id("page")).getText()).as("no secret over HTTP").doesNotContain("s3-secret-of-mine", TOKEN);
                Chromium.screenshot(browser, "beyondLoopbackTheConsoleWithTheToken");
            } finally {
                browser.quit();
            }
        }
    }

    private static void paste(WebDriver browser, String token) {
        WebElement input = browser.findElement(By.id("token-input"));
        input.clear();
        input.sendKeys(token);
        browser.findElement(By.cssSelector("#token-bar button[type=submit]")).click();
    }
}
