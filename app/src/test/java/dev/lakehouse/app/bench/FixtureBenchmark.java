package dev.lakehouse.app.bench;

import dev.lakehouse.junit.LakehouseTest;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * What another project's test suite waits for with lakehouse-junit: from the test JVM's start to its first
 * test method running, for a {@code @LakehouseTest} class, each time in a fresh JVM with the argLine the
 * module's README gives (the one lakehouse-junit prints when flags are missing). The same start without the
 * argLine's startup flag, and a small Spark suite run to its end both ways, show what that flag costs.
 */
final class FixtureBenchmark {
    private static final String FIRST_TEST = "FIRST_TEST_AFTER_JVM_START_MS=";
    private static final String SUITE_DONE = "SUITE_DONE_AFTER_JVM_START_MS=";
    private static final String STARTUP_FLAG = "-XX:TieredStopAtLevel=1";

    private FixtureBenchmark() {
    }

    static void run(Results results, int runs, boolean quick) throws Exception {
        List<String> argLine = argLine();
        List<String> withoutStartupFlag = argLine.stream().filter(flag -> !flag.equals(STARTUP_FLAG)).toList();
        measure(results, "test JVM start to first test, storage+catalog+spark", SparkProbe.class, FIRST_TEST, runs, argLine, "<= 10000");
        measure(results, "test JVM start to first test, storage+catalog+spark, without " + STARTUP_FLAG, SparkProbe.class, FIRST_TEST,
                runs, withoutStartupFlag, "");
        measure(results, "test JVM start to first test, full set (spark, trino, kafka)", FullProbe.class, FIRST_TEST, runs, argLine, "<= 35000");
        int suiteRuns = quick ? 1 : 3;
        measure(results, "test JVM start to the end of a Spark suite (SuiteProbe)", SuiteProbe.class, SUITE_DONE, suiteRuns, argLine, "");
        measure(results, "test JVM start to the end of a Spark suite (SuiteProbe), without " + STARTUP_FLAG, SuiteProbe.class, SUITE_DONE,
                suiteRuns, withoutStartupFlag, "");
    }

    /** The argLine lakehouse-junit asks for, from its own jar. */
    private static List<String> argLine() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = FixtureBenchmark.class.getClassLoader().getResourceAsStream("dev/lakehouse/junit/jvm-flags.properties")) {
            properties.load(in);
        }
        return Arrays.stream(properties.getProperty("argLine").trim().split("\\s+")).filter(s -> !s.isBlank()).toList();
    }

    private static void measure(Results results, String metric, Class<?> probe, String marker, int runs, List<String> jvmFlags,
                                String target) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            command.addAll(jvmFlags);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), FixtureBenchmark.class.getName(), probe.getName()));
            Path output = Files.createTempFile("fixture-probe", ".txt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the probe failed: " + Files.readString(output));
            }
            String line = Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(marker))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no measurement in the probe's output"));
            times.add(Double.parseDouble(line.substring(marker.length())));
            Files.delete(output);
        }
        results.add("junit", metric + " (median of " + runs + ")", Results.median(times), "ms", target,
                "fresh JVM, JUnit Platform launcher, @LakehouseTest");
    }

    /** In the probe JVM: runs one probe class through the JUnit Platform, as surefire would. */
    public static void main(String[] args) throws Exception {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request().selectors(selectClass(Class.forName(args[0]))).build(), summary);
        if (summary.getSummary().getTotalFailureCount() > 0 || summary.getSummary().getTestsSucceededCount() == 0) {
            summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.out, true), 20);
            System.exit(1);
        }
        System.exit(0);
    }

    private static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    @LakehouseTest(services = "spark")
    static class SparkProbe {
        @Test
        void first() {
            System.out.println(FIRST_TEST + sinceJvmStart());
        }
    }

    @LakehouseTest(services = {"spark", "trino", "kafka"})
    static class FullProbe {
        @Test
        void first() {
            System.out.println(FIRST_TEST + sinceJvmStart());
        }
    }

    /** What a pipeline's test suite does, at a test's scale: tables of 200,000 rows, aggregates, MERGE. */
    @LakehouseTest(services = "spark")
    static class SuiteProbe {
        @Test
        void rounds(SparkSession spark) {
            for (int round = 0; round < 8; round++) {
                String table = "orders" + round;
                spark.sql("CREATE TABLE " + table + " (id BIGINT, customer BIGINT, amount DOUBLE, day DATE) USING iceberg");
                spark.sql("INSERT INTO " + table + " SELECT id, id % 1000, (id % 97) * 1.5, date_add(DATE'2026-01-01', CAST(id % 30 AS INT)) "
                        + "FROM range(200000)");
                spark.sql("SELECT day, sum(amount), count(DISTINCT customer) FROM " + table + " GROUP BY day").collectAsList();
                spark.sql("MERGE INTO " + table + " t USING (SELECT id, id % 7 AS customer FROM range(0, 300000, 3)) s ON t.id = s.id "
                        + "WHEN MATCHED THEN UPDATE SET customer = s.customer "
                        + "WHEN NOT MATCHED THEN INSERT (id, customer, amount, day) VALUES (s.id, s.customer, 0, DATE'2026-02-01')");
                long rows = spark.sql("SELECT count(*) FROM " + table).first().getLong(0);
                if (rows != 233_333) {  // 200,000 rows and the 33,333 multiples of 3 from 200,000 to 300,000
                    throw new IllegalStateException(table + " has " + rows + " rows after the MERGE, not 233333");
                }
            }
            System.out.println(SUITE_DONE + sinceJvmStart());
        }
    }
}
