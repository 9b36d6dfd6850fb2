package dev.lakehouse.app.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Hive Metastore and Trino's hive catalog on it, in lakehouse.jar as a user runs it: files put with the `aws`
 * command line become an external CSV table, Trino writes a Parquet table, Hive's own Java client lists both, and
 * everything is still there after a restart on the same data directory. Bad input fails in one clear error and
 * damages nothing. The steps build on each other, in order, on one data directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetastoreIT {
    private static final String SERVICES = "trino,metastore";
    private static final String CITIES_1 = "city,country,population\nLisbon,PT,545923\nOslo,NO,709037\n";
    private static final String CITIES_2 = "city,country,population\nTurku,FI,201863\n";
    private static final List<String> CITIES = List.of("Lisbon|PT|545923", "Oslo|NO|709037", "Turku|FI|201863");
    private static final List<String> TOTALS = List.of("FI|1|201863", "NO|1|709037", "PT|1|545923");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;
    private static LakehouseProcess lakehouse;
    /** The metastore module's jars, for Hive's own client in a JVM of its own. */
    private static Path metastoreJars;

    @BeforeAll
    static void start() throws Exception {
        lakehouse = LakehouseProcess.start(dataDir, "--services", SERVICES, "--ports", "random").awaitReady(Duration.ofMinutes(5));
        metastoreJars = extractMetastoreJars(work.resolve("metastore-jars"));
    }

    @AfterAll
    static void stop() {
        if (lakehouse != null) {
            lakehouse.close();
        }
    }

    @Test
    @Order(1)
    void theMetastoreIsAComponentWithAThriftEndpointAndItsLogInTheLakehouseLog() throws Exception {
        assertThat(lakehouse.endpoint("metastore", "thrift").toString()).matches("thrift://127\\.0\\.0\\.1:\\d+");
        assertThat(lakehouse.stdout()).contains("metastore", "Hive Metastore 4.0.1", "thrift://127.0.0.1:");
        assertThat(lakehouse.endpointProperty("trino", "http", "catalogs")).contains("hive");
        assertThat(Files.isDirectory(dataDir.resolve("metastore/metastore_db"))).isTrue();
        // HMS's own classes log through the lakehouse's one set-up
        assertThat(logFile()).content().contains("org.apache.hadoop.hive.metastore");
    }

    @Test
    @Order(2)
    void anExternalCsvTableOverFilesPutWithTheAwsCli() throws Exception {
        Path one = Files.writeString(work.resolve("cities-1.csv"), CITIES_1);
        Path two = Files.writeString(work.resolve("cities-2.csv"), CITIES_2);
        assertThat(aws("s3", "cp", one.toString(), "s3://warehouse/landing/cities/cities-1.csv").exitCode()).isZero();
        assertThat(aws("s3", "cp", two.toString(), "s3://warehouse/landing/cities/cities-2.csv").exitCode()).isZero();

        execute("CREATE SCHEMA hive.trainee");
        // Hive's CSV format reads every column as text
        execute("""
                CREATE TABLE hive.trainee.cities (city varchar, country varchar, population varchar)
                WITH (external_location = 's3://warehouse/landing/cities', format = 'CSV', skip_header_line_count = 1)""");
        assertThat(query("SELECT city, country, population FROM hive.trainee.cities ORDER BY city")).isEqualTo(CITIES);
    }

    @Test
    @Order(3)
    void aParquetTableTrinoWritesInTheHiveCatalog() throws Exception {
        execute("""
                CREATE TABLE hive.trainee.country_totals WITH (format = 'PARQUET') AS
                SELECT country, count(*) AS cities, sum(CAST(population AS bigint)) AS population
                FROM hive.trainee.cities GROUP BY country""");
        assertThat(query("SELECT country, cities, population FROM hive.trainee.country_totals ORDER BY country")).isEqualTo(TOTALS);
        // its files are on the lakehouse's object store, under the metastore's warehouse
        try (var files = Files.walk(dataDir.resolve("s3/warehouse/hive/trainee.db/country_totals"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isNotEmpty();
        }
    }

    @Test
    @Order(4)
    void hivesOwnJavaClientListsTheDatabaseAndBothTables() throws Exception {
        List<String> listing = hmsListing();
        assertThat(listing).anyMatch(line -> line.startsWith("database default s3a://warehouse/hive"));
        assertThat(listing).anyMatch(line -> line.startsWith("database trainee s3a://warehouse/hive/trainee.db"));
        assertThat(listing).anyMatch(line -> line.matches("table trainee\\.cities EXTERNAL_TABLE s3a?://warehouse/landing/cities .*TextInputFormat"));
        assertThat(listing).anyMatch(line -> line.matches("table trainee\\.country_totals MANAGED_TABLE .*/trainee\\.db/country_totals .*Parquet.*"));
    }

    @Test
    @Order(5)
    void aTableOverAMissingLocation() throws Exception {
        // a folder that does not exist: the metastore creates it (Hive's way), and the table is empty
        execute("""
                CREATE TABLE hive.trainee.ghosts (name varchar)
                WITH (external_location = 's3://warehouse/landing/no-such-folder', format = 'CSV')""");
        assertThat(query("SELECT count(*) FROM hive.trainee.ghosts")).containsExactly("0");
        execute("DROP TABLE hive.trainee.ghosts");
        // a bucket that does not exist: refused in one line that names it
        assertThatThrownBy(() -> execute("""
                CREATE TABLE hive.trainee.ghosts (name varchar)
                WITH (external_location = 's3://no-such-bucket/cities', format = 'CSV')"""))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("External location")
                .hasMessageContaining("s3://no-such-bucket/cities");
        assertThat(query("SHOW TABLES FROM hive.trainee")).containsExactly("cities", "country_totals");
        assertThat(query("SELECT city, country, population FROM hive.trainee.cities ORDER BY city")).isEqualTo(CITIES);
    }

    @Test
    @Order(6)
    void aMalformedCsvFailsClearlyAndChangesNothing() throws Exception {
        // a typed column: Hive's CSV format has text columns only, and Trino says so at once
        assertThatThrownBy(() -> execute("""
                CREATE TABLE hive.trainee.typed (city varchar, population bigint)
                WITH (external_location = 's3://warehouse/landing/cities', format = 'CSV')"""))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("CSV")
                .hasMessageContaining("population");
        // a line whose quote never closes: Hive's CSV reader gives that line's fields as NULL, and reads the next lines
        Path broken = Files.writeString(work.resolve("broken.csv"), "city,country,population\nBergen,\"NO,285911\nStavanger,NO,144699\n");
        assertThat(aws("s3", "cp", broken.toString(), "s3://warehouse/landing/broken/broken.csv").exitCode()).isZero();
        execute("""
                CREATE TABLE hive.trainee.broken (city varchar, country varchar, population varchar)
                WITH (external_location = 's3://warehouse/landing/broken', format = 'CSV', skip_header_line_count = 1)""");
        assertThat(query("SELECT city, country, population FROM hive.trainee.broken ORDER BY city"))
                .containsExactly("Bergen|null|null", "Stavanger|NO|144699");
        // the other tables are untouched
        assertThat(query("SELECT city, country, population FROM hive.trainee.cities ORDER BY city")).isEqualTo(CITIES);
        assertThat(query("SELECT country, cities, population FROM hive.trainee.country_totals ORDER BY country")).isEqualTo(TOTALS);
        execute("DROP TABLE hive.trainee.broken");
        // dropping an external table leaves its files
        assertThat(dataDir.resolve("s3/warehouse/landing/broken/broken.csv")).exists();
    }

    @Test
    @Order(7)
    void bothTablesAreStillThereAfterARestartOnTheSameDataDirectory() throws Exception {
        assertThat(lakehouse.stop()).as("exit code after SIGTERM").isIn(0, 143);
        lakehouse = LakehouseProcess.start(dataDir, "--services", SERVICES, "--ports", "random").awaitReady(Duration.ofMinutes(5));
        assertThat(query("SELECT city, country, population FROM hive.trainee.cities ORDER BY city")).isEqualTo(CITIES);
        assertThat(query("SELECT country, cities, population FROM hive.trainee.country_totals ORDER BY country")).isEqualTo(TOTALS);
        List<String> listing = hmsListing();
        assertThat(listing).anyMatch(line -> line.startsWith("table trainee.cities "));
        assertThat(listing).anyMatch(line -> line.startsWith("table trainee.country_totals "));
        assertThat(listing).noneMatch(line -> line.startsWith("table trainee.broken "));
        // the schema was made on the first start only
        assertThat(Files.readString(logFile())).doesNotContain("Created the metastore database");
    }

    @Test
    @Order(8)
    void theConsolesTablesPageListsTheMetastoresTablesWithTheirFormat() throws Exception {
        WebDriver browser = Chromium.headless();
        try {
            browser.get(lakehouse.consoleUri().resolve("/#/tables").toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tables-branch option[value='hive']")));
            new Select(browser.findElement(By.id("tables-branch"))).selectByValue("hive");
            // each table with the format its definition names, filled in as SHOW CREATE TABLE answers
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tables-tree"), "country_totals (PARQUET)"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tables-tree"), "cities (CSV)"));
            browser.findElement(By.cssSelector("a[data-table='trainee.cities']")).click();
            WebElement sample = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sample-rows table")));
            assertThat(sample.findElements(By.cssSelector("tbody tr")).stream().map(row -> row.getText().replace(' ', '|')))
                    .containsExactlyInAnyOrderElementsOf(CITIES);
            WebElement files = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#table-files table")));
            assertThat(files.getText()).contains("landing/cities/", "CSV");
            assertThat(browser.findElements(By.id("table-snapshots"))).as("a Hive table has no snapshots").isEmpty();
            Chromium.screenshot(browser, "metastore-tables-in-the-console");
        } finally {
            browser.quit();
        }
    }

    /** The newest log file of the data directory (this run's). */
    private static Path logFile() throws IOException {
        try (var files = Files.list(dataDir.resolve("logs"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .max(java.util.Comparator.comparing(f -> f.toFile().lastModified())).orElseThrow();
        }
    }

    private static Connection connect() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", lakehouse.endpointProperty("trino", "http", "user"));
        return DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), properties);
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The rows, each as its columns joined with '|'. */
    private static List<String> query(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(result.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    /** HmsListing (a test resource) as a source-file program on the metastore module's jars. */
    private static List<String> hmsListing() throws Exception {
        Path source;
        try {
            source = Path.of(MetastoreIT.class.getResource("HmsListing.java").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        // the module's bundle leaves SLF4J to the host: the client JVM takes the test's own
        Path slf4j = Path.of(org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classPath = metastoreJars + "/*" + java.io.File.pathSeparator + slf4j;
        Run run = run(List.of(LakehouseProcess.java(), "-cp", classPath, source.toString(),
                lakehouse.endpoint("metastore", "thrift").toString()), Map.of(), Duration.ofMinutes(2));
        assertThat(run.exitCode()).as("HmsListing: %s%s", run.out(), run.err()).isZero();
        return run.out().lines().toList();
    }

    private static Path extractMetastoreJars(Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipFile jar = new ZipFile(LakehouseProcess.jar().toFile())) {
            for (ZipEntry entry : jar.stream().filter(e -> e.getName().startsWith("lakehouse/modules/metastore/") && e.getName().endsWith(".jar")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, target.resolve(Path.of(entry.getName()).getFileName().toString()));
                }
            }
        }
        return target;
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** The `aws` command line against the lakehouse's object store, path-style, with the stack's keys. */
    private static Run aws(String... args) throws Exception {
        Path awsConfig = work.resolve("aws-config");
        if (!Files.exists(awsConfig)) {
            Files.writeString(awsConfig, "[default]\ns3 =\n    addressing_style = path\n");
        }
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", lakehouse.endpoint("storage", "s3").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of(
                "AWS_ACCESS_KEY_ID", lakehouse.endpointProperty("storage", "s3", "access-key"),
                "AWS_SECRET_ACCESS_KEY", lakehouse.endpointProperty("storage", "s3", "secret-key"),
                "AWS_DEFAULT_REGION", lakehouse.endpointProperty("storage", "s3", "region"),
                "AWS_CONFIG_FILE", awsConfig.toString(),
                "AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString(),
                "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_PAGER", ""), Duration.ofMinutes(1));
    }

    private static Run run(List<String> command, Map<String, String> environment, Duration timeout) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
