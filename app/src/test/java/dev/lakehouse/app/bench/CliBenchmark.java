package dev.lakehouse.app.bench;

import dev.lakehouse.app.it.LakehouseProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line as a client of a running stack (the full stack, idle): each client command's wall time and
 * the memory of its process tree, beside Trino's own CLI running the same statement in the same run, and a
 * medallion run for one changed row inside the lakehouse (what it adds to the lakehouse's memory, and that it
 * starts no JVM of its own beyond the small client).
 */
final class CliBenchmark {
    /** A command's run: wall time, and the largest resident memory of its process and its children together. */
    record Run(double millis, long rssKb, String output) {
    }

    private CliBenchmark() {
    }

    static void run(Results results, int repetitions) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-bench-cli");
        try (LakehouseProcess lakehouse = LakehouseProcess.startWith(LakehouseProcess.java(), dataDir, BootBenchmark.WITHOUT_AOT,
                "--ports", "random").awaitReady(Duration.ofMinutes(5))) {
            String trinoUri = lakehouse.endpoint("trino", "http").toString();
            Path trinoCli = Path.of(System.getProperty("trino.cli.jar", "app/target/trino-cli/trino-cli.jar"));
            Path jar = LakehouseProcess.jar().toAbsolutePath();
            String java = LakehouseProcess.java();
            List<String> lakehouseCli = List.of(java, "-jar", jar.toString(), "--data-dir", dataDir.toString());
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("lakehouse sql -e \"SELECT 1\"", with(lakehouseCli, "sql", "-e", "SELECT 1"));
            if (Files.isRegularFile(trinoCli)) {
                commands.put("trino-cli 476 --execute \"SELECT 1\"", List.of(java, "-jar", trinoCli.toString(), "--server", trinoUri,
                        "--execute", "SELECT 1"));
            }
            commands.put("lakehouse branch list", with(lakehouseCli, "branch", "list"));
            commands.put("lakehouse status", with(lakehouseCli, "status"));
            commands.put("lakehouse sql --engine spark -e \"SELECT 1\"", with(lakehouseCli, "sql", "--engine", "spark", "-e", "SELECT 1"));
            commands.put("lakehouse topics list", with(lakehouseCli, "topics", "list"));
            Path script = jar.getParent().getParent().getParent().resolve("scripts/lakehouse");
            if (Files.isExecutable(script)) {
                commands.put("scripts/lakehouse sql -e \"SELECT 1\"", List.of(script.toString(), "--data-dir", dataDir.toString(), "sql", "-e", "SELECT 1"));
            }
            // one warm-up round: the page cache, and the lakehouse's first statement of each kind
            for (List<String> command : commands.values()) {
                measure(command);
            }
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            for (int i = 0; i < repetitions; i++) {
                // interleaved, so that a slow minute of the machine falls on every command alike
                for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                    runs.computeIfAbsent(command.getKey(), k -> new ArrayList<>()).add(measure(command.getValue()));
                }
            }
            runs.forEach((name, measured) -> {
                results.add("cli", name + ": wall", Results.median(measured.stream().map(Run::millis).toList()), "ms", target(name), "median of " + measured.size());
                results.add("cli", name + ": RSS", Results.median(measured.stream().map(Run::rssKb).toList()) / 1024.0, "MB", "",
                        "the command's processes together");
            });
            String trinoKey = "trino-cli 476 --execute \"SELECT 1\"";
            if (runs.containsKey(trinoKey)) {
                double trino = Results.median(runs.get(trinoKey).stream().map(Run::millis).toList());
                results.add("cli", "sql -e SELECT 1 / trino-cli", Results.median(runs.get("lakehouse sql -e \"SELECT 1\"").stream()
                        .map(Run::millis).toList()) / trino, "ratio", "<= 1", "same run");
                results.add("cli", "branch list / trino-cli", Results.median(runs.get("lakehouse branch list").stream()
                        .map(Run::millis).toList()) / trino, "ratio", "< 0.5", "same run");
            }
            pipelineRun(results, lakehouse, lakehouseCli);
        } finally {
            BootBenchmark.deleteTree(dataDir);
        }
    }

    /** A first medallion run loads everything; then one changed order, and the run that picks it up. */
    private static void pipelineRun(Results results, LakehouseProcess lakehouse, List<String> lakehouseCli) throws Exception {
        Run first = measure(with(lakehouseCli, "pipeline", "run", "medallion"));
        if (!first.output().contains("audit: 24 of 24 checks passed")) {
            throw new IllegalStateException("the first medallion run failed: " + first.output());
        }
        long pid = lakehouse.runFile().path("pid").asLong();
        try (Connection source = DriverManager.getConnection(lakehouse.endpoint("sourcedb", "jdbc").toString(), "lakehouse", "lakehouse")) {
            source.createStatement().executeUpdate("UPDATE orders SET status = 'cancelled', updated_at = now() WHERE order_id = 1");
        }
        long rssBefore = Machine.rssKb(pid);
        Run oneRow = measure(with(lakehouseCli, "pipeline", "run", "medallion"));
        long rssAfter = Machine.rssKb(pid);
        if (!oneRow.output().contains("1 new or changed rows")) {
            throw new IllegalStateException("the incremental medallion run did not read the one row: " + oneRow.output());
        }
        results.add("cli", "pipeline run medallion, 1 changed row: wall", oneRow.millis(), "ms", "", "inside the running lakehouse");
        results.add("cli", "pipeline run medallion: the client's RSS", oneRow.rssKb() / 1024.0, "MB", "", "no JVM or Spark of its own");
        results.add("cli", "pipeline run medallion: the lakehouse's RSS change", (rssAfter - rssBefore) / 1024.0, "MB", "",
                "its heap may grow or shrink");
    }

    private static List<String> with(List<String> base, String... args) {
        List<String> command = new ArrayList<>(base);
        command.addAll(List.of(args));
        return command;
    }

    private static String target(String name) {
        return name.startsWith("lakehouse sql -e") ? "<= trino-cli" : name.startsWith("lakehouse branch list") ? "< trino-cli / 2" : "";
    }

    /** Runs a command to its end, sampling the resident memory of its process tree every 5 ms. */
    static Run measure(List<String> command) throws Exception {
        Path output = Files.createTempFile("bench-cli", ".out");
        try {
            long begin = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            long peak = 0;
            while (process.isAlive()) {
                long rss = Machine.rssKb(process.pid());
                for (ProcessHandle child : process.descendants().toList()) {
                    rss += Math.max(0, Machine.rssKb(child.pid()));
                }
                peak = Math.max(peak, rss);
                Thread.sleep(5);
            }
            double millis = (System.nanoTime() - begin) / 1e6;
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
            }
            return new Run(millis, peak, text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
