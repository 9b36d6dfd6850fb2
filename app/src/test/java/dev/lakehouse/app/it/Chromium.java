package dev.lakehouse.app.it;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver (Selenium Manager cannot download a browser or a
 * driver here, so both are named), for the console's tests; screenshots go to target/console-screenshots/.
 */
final class Chromium {
    private static final String BINARY = System.getProperty("chromium.binary", "/usr/bin/chromium");
    private static final String DRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private Chromium() {
    }

    static WebDriver headless() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        // root in a container: no sandbox; a small /dev/shm: use /tmp
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
        return new ChromeDriver(service, options);
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
