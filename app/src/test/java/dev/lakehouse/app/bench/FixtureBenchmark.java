package dev.lakehouse.app.bench;

import dev.lakehouse.junit.LakehouseTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * What another project's test suite waits for with lakehouse-junit: from the test JVM's start to its first
 * test method running, for a {@code @LakehouseTest} class, each time in a fresh JVM (the same flags and
 * class path a Maven surefire run would have).
 */
final class FixtureBenchmark {
    private static final String MARKER = "FIRST_TEST_AFTER_JVM_START_MS=";

    private FixtureBenchmark() {
    }

    static void run(Results results, int runs, List<String> jvmFlags) throws Exception {
        measure(results, "storage+catalog+spark", SparkProbe.class, runs, jvmFlags, "<= 10000");
        measure(results, "full set (spark, trino, kafka)", FullProbe.class, runs, jvmFlags, "<= 35000");
    }

    private static void measure(Results results, String label, Class<?> probe, int runs, List<String> jvmFlags, String target)
            throws Exception {
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
            String marker = Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith(MARKER))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no measurement in the probe's output"));
            times.add(Double.parseDouble(marker.substring(MARKER.length())));
            Files.delete(output);
        }
        results.add("junit", "test JVM start to first test, " + label + " (median of " + runs + ")", Results.median(times), "ms",
                target, "fresh JVM, JUnit Platform launcher, @LakehouseTest");
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

    static void report() {
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(MARKER + sinceStart);
    }

    @LakehouseTest(services = "spark")
    static class SparkProbe {
        @Test
        void first() {
            report();
        }
    }

    @LakehouseTest(services = {"spark", "trino", "kafka"})
    static class FullProbe {
        @Test
        void first() {
            report();
        }
    }

    static List<String> flags(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isBlank()).toList();
    }
}
