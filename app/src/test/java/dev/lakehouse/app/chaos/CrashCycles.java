package dev.lakehouse.app.chaos;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Part 1 of the chaos run: the whole stack with readings streaming in, medallion runs, a Trino client and an S3
 * client at work, killed (kill -9) at a random moment and started again on the same data directory, cycle after
 * cycle. At the end everything acknowledged must be there exactly once, every table readable by both engines, and
 * every branch must resolve.
 */
final class CrashCycles {
    /** How the experiment runs. */
    record Settings(int cycles, Duration minUp, Duration maxUp, int readingsPerSecond, long seed) {
    }

    private CrashCycles() {
    }

    /** Work to do on the last start, once the crash cycles' checks are done (the test suite's concurrency run). */
    interface OnLastStart {
        void use(ChaosStack stack) throws Exception;
    }

    static Findings run(Path dataDir, Settings settings, Consumer<String> log) throws Exception {
        return run(dataDir, settings, log, stack -> { });
    }

    static Findings run(Path dataDir, Settings settings, Consumer<String> log, OnLastStart lastStart) throws Exception {
        Findings findings = new Findings();
        Random random = new Random(settings.seed());
        List<CrashWorkload> workloads = List.of(new ReadingsWorkload(settings.readingsPerSecond(), false), new MedallionWorkload(),
                new TrinoStatementsWorkload(), new ObjectsWorkload(0));
        List<Double> restarts = new ArrayList<>();
        ChaosStack stack = ChaosStack.start(dataDir);
        try {
            for (int cycle = 1; cycle <= settings.cycles(); cycle++) {
                for (CrashWorkload workload : workloads) {
                    workload.start(stack);
                }
                long upMillis = settings.minUp().toMillis() + (long) (random.nextDouble()
                        * (settings.maxUp().toMillis() - settings.minUp().toMillis()));
                Thread.sleep(upMillis);
                long killed = System.nanoTime();
                stack.kill();
                for (CrashWorkload workload : workloads) {
                    workload.stop(findings, killed);
                }
                double stopping = (System.nanoTime() - killed) / 1e9;
                stack.close();
                stack = ChaosStack.start(dataDir);
                restarts.add(stack.startSeconds());
                long reconciling = System.nanoTime();
                for (CrashWorkload workload : workloads) {
                    workload.reconcile(stack);
                }
                log.accept(String.format(java.util.Locale.ROOT, "cycle %d of %d: killed after %.1f s, clients stopped in %.1f s, ready again in"
                        + " %.1f s, in-flight work settled in %.1f s", cycle, settings.cycles(), upMillis / 1000.0, stopping, stack.startSeconds(),
                        (System.nanoTime() - reconciling) / 1e9));
            }
            findings.count("crash cycles", settings.cycles(), "");
            for (CrashWorkload workload : workloads) {
                workload.verify(stack, findings);
            }
            readableEverywhere(stack, findings);
            branchesResolve(stack, findings);
            Exposure.check(stack, findings);
            findings.count("restart to ready, p50", percentile(restarts, 50), "s");
            findings.count("restart to ready, p95", percentile(restarts, 95), "s");
            lastStart.use(stack);
        } finally {
            stack.close();
        }
        return findings;
    }

    /** Every table and view of the catalog answers a count on Trino and on Spark. */
    private static void readableEverywhere(ChaosStack stack, Findings findings) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection trino = stack.trino(); Statement statement = trino.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT table_schema, table_name FROM iceberg.information_schema.tables"
                    + " WHERE table_schema NOT IN ('information_schema', 'system')")) {
                while (rows.next()) {
                    tables.add(rows.getString(1) + "." + rows.getString(2));
                }
            }
            long unreadable = 0;
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM iceberg." + table)) {
                    rows.next();
                } catch (Exception e) {
                    unreadable++;
                    findings.problem("Trino cannot read " + table + ": " + e.getMessage());
                }
                try {
                    stack.api().sql("spark", null, "SELECT count(*) FROM " + table);
                } catch (ControlApiClient.StatementFailed e) {
                    // a view is its engine's own: Iceberg keeps one SQL dialect per view, and Trino made these
                    if (!isTrinoView(statement, table)) {
                        unreadable++;
                        findings.problem("Spark cannot read " + table + ": " + e.getMessage());
                    }
                }
            }
            findings.count("tables read by Trino and Spark", tables.size(), "");
            findings.count("tables unreadable", unreadable, "");
        }
    }

    private static boolean isTrinoView(Statement statement, String table) throws Exception {
        String[] parts = table.split("\\.");
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM iceberg.information_schema.views WHERE table_schema = '"
                + parts[0] + "' AND table_name = '" + parts[1] + "'")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    /** Main and every branch answer their log. */
    private static void branchesResolve(ChaosStack stack, Findings findings) throws Exception {
        long unresolved = 0;
        JsonNode branches = stack.api().get("/api/branches");
        for (JsonNode branch : branches.isArray() ? branches : branches.path("branches")) {
            String name = branch.path("name").asText();
            try {
                stack.api().get("/api/branches/" + name + "/log");
            } catch (Exception e) {
                unresolved++;
                findings.problem("branch " + name + " does not resolve: " + e.getMessage());
            }
        }
        findings.count("branches", branches.isArray() ? branches.size() : branches.path("branches").size(), "");
        findings.count("branches unresolved", unresolved, "");
    }

    static double percentile(List<Double> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
