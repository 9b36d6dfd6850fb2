package dev.lakehouse.app.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Part 2 of the chaos run: Spark and Trino writers (four each) committing to the same two tables at once, appends
 * to {@code events} and increments of {@code counters} by UPDATE, until {@code commits} statements were
 * acknowledged. Iceberg's optimistic concurrency may refuse a commit that lost a race; the writer then retries it,
 * as an application would. At the end the counters must equal the sum of the acknowledged increments (no lost
 * update) and every acknowledged append must be there once. Then two branches written at once are merged.
 */
final class ConcurrentWriters {
    static final String SCHEMA = "chaos_writers";
    private static final int COUNTERS = 8;
    private static final int ATTEMPTS = 30;
    /** What Iceberg and the engines say when a commit lost a race: the statement did nothing and may be run again. */
    private static final Pattern RETRYABLE = Pattern.compile(
            "(?i)conflict|CommitFailedException|ValidationException|Cannot commit|commit failed|concurrent|retry|changed since");
    /** A commit whose fate the client cannot know: running it again could apply it twice. */
    private static final Pattern UNKNOWN = Pattern.compile("(?i)CommitStateUnknown|commit status unknown|state unknown");

    /** How the experiment runs. */
    record Settings(int writersPerEngine, int commits, int branchCommits, long seed) {
    }

    /** One writer's way to run a statement: a Trino JDBC connection or a Spark session of the control API. */
    private interface Writer extends AutoCloseable {
        String name();

        /** The table's name in this writer's engine, on {@code branch} (main: null). */
        String table(String branch, String table);

        void execute(String statement) throws Exception;

        @Override
        void close() throws Exception;
    }

    private final ChaosStack stack;
    private final Settings settings;
    private final Consumer<String> log;
    private final Findings findings = new Findings();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong gaveUp = new AtomicLong();
    private final AtomicLongArray expectedTotals = new AtomicLongArray(COUNTERS);
    private final Set<String> acknowledgedEvents = ConcurrentHashMap.newKeySet();
    /** Statements whose fate is unknown (failed for another reason than a lost race): at most once, checked at the end. */
    private final Set<String> uncertainEvents = ConcurrentHashMap.newKeySet();
    private final AtomicLong uncertainIncrements = new AtomicLong();

    private ConcurrentWriters(ChaosStack stack, Settings settings, Consumer<String> log) {
        this.stack = stack;
        this.settings = settings;
        this.log = log;
    }

    static Findings run(ChaosStack stack, Settings settings, Consumer<String> log) throws Exception {
        ConcurrentWriters experiment = new ConcurrentWriters(stack, settings, log);
        experiment.onMain();
        experiment.onBranches();
        return experiment.findings;
    }

    private Writer trino(int number) throws Exception {
        Connection connection = stack.trino();
        return new Writer() {
            @Override
            public String name() {
                return "trino-" + number;
            }

            @Override
            public String table(String branch, String table) {
                return (branch == null ? "iceberg" : "iceberg_" + branch) + "." + SCHEMA + "." + table;
            }

            @Override
            public void execute(String statement) throws SQLException {
                try (Statement jdbc = connection.createStatement()) {
                    jdbc.execute(statement);
                }
            }

            @Override
            public void close() throws SQLException {
                connection.close();
            }
        };
    }

    private Writer spark(int number) {
        String session = "chaos-spark-" + number + "-" + Long.toHexString(settings.seed());
        return new Writer() {
            @Override
            public String name() {
                return "spark-" + number;
            }

            @Override
            public String table(String branch, String table) {
                return (branch == null ? "lakehouse" : "lakehouse_" + branch) + "." + SCHEMA + "." + table;
            }

            @Override
            public void execute(String statement) throws Exception {
                stack.api().sql("spark", session, statement);
            }

            @Override
            public void close() throws Exception {
                stack.api().closeSession(session);
            }
        };
    }

    private List<Writer> writers() throws Exception {
        List<Writer> writers = new ArrayList<>();
        for (int i = 1; i <= settings.writersPerEngine(); i++) {
            writers.add(trino(i));
            writers.add(spark(i));
        }
        return writers;
    }

    private void onMain() throws Exception {
        try (Writer setup = trino(0)) {
            setup.execute("CREATE SCHEMA IF NOT EXISTS iceberg." + SCHEMA);
            setup.execute("CREATE TABLE iceberg." + SCHEMA + ".events (writer VARCHAR, n BIGINT)");
            setup.execute("CREATE TABLE iceberg." + SCHEMA + ".counters (k INTEGER, total BIGINT)");
            setup.execute("INSERT INTO iceberg." + SCHEMA + ".counters SELECT k, 0 FROM UNNEST(sequence(0, " + (COUNTERS - 1) + ")) AS t(k)");
        }
        List<Writer> writers = writers();
        long begin = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < writers.size(); i++) {
            Writer writer = writers.get(i);
            Random random = new Random(settings.seed() + i);
            threads.add(Thread.ofPlatform().name("chaos-" + writer.name()).start(() -> write(writer, random)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        for (Writer writer : writers) {
            writer.close();
        }
        log.accept(String.format(Locale.ROOT, "concurrent writers: %d commits in %.1f s, %d conflicts retried", acknowledged.get(), seconds,
                conflicts.get()));
        verifyMain(seconds);
    }

    /** One writer's loop: until the experiment has its commits, an append or an increment, retried when it lost a race. */
    private void write(Writer writer, Random random) {
        long n = 0;
        while (acknowledged.get() < settings.commits()) {
            boolean append = random.nextBoolean();
            int counter = random.nextInt(COUNTERS);
            int increment = 1 + random.nextInt(9);
            String event = writer.name() + "/" + n++;
            String statement = append
                    ? "INSERT INTO " + writer.table(null, "events") + " VALUES ('" + writer.name() + "', " + (n - 1) + ")"
                    : "UPDATE " + writer.table(null, "counters") + " SET total = total + " + increment + " WHERE k = " + counter;
            for (int attempt = 1; ; attempt++) {
                try {
                    writer.execute(statement);
                    acknowledged.incrementAndGet();
                    if (append) {
                        acknowledgedEvents.add(event);
                    } else {
                        expectedTotals.addAndGet(counter, increment);
                    }
                    break;
                } catch (Exception e) {
                    String message = String.valueOf(e.getMessage());
                    if (RETRYABLE.matcher(message).find() && !UNKNOWN.matcher(message).find() && attempt < ATTEMPTS) {
                        conflicts.incrementAndGet();
                        sleepQuietly(random.nextInt(50 * attempt));
                        continue;
                    }
                    if (RETRYABLE.matcher(message).find() && !UNKNOWN.matcher(message).find()) {
                        gaveUp.incrementAndGet();
                        findings.problem(writer.name() + " gave up after " + ATTEMPTS + " lost races: " + firstLine(message));
                    } else {
                        findings.problem(writer.name() + ": " + statement + " failed: " + firstLine(message));
                        if (append) {
                            uncertainEvents.add(event);
                        } else {
                            uncertainIncrements.incrementAndGet();
                        }
                    }
                    break;
                }
            }
        }
    }

    private void verifyMain(double seconds) throws Exception {
        Map<String, Long> events = new HashMap<>();
        long[] totals = new long[COUNTERS];
        try (Connection trino = stack.trino(); Statement statement = trino.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT writer, n, count(*) FROM iceberg." + SCHEMA + ".events GROUP BY writer, n")) {
                while (rows.next()) {
                    events.put(rows.getString(1) + "/" + rows.getLong(2), rows.getLong(3));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT k, total FROM iceberg." + SCHEMA + ".counters")) {
                while (rows.next()) {
                    totals[rows.getInt(1)] = rows.getLong(2);
                }
            }
        }
        long lostAppends = acknowledgedEvents.stream().filter(event -> !events.containsKey(event)).count();
        long doubledAppends = events.values().stream().filter(count -> count > 1).count();
        long strayAppends = events.keySet().stream().filter(event -> !acknowledgedEvents.contains(event) && !uncertainEvents.contains(event)).count();
        long lostIncrements = 0;
        long extraIncrements = 0;
        for (int k = 0; k < COUNTERS; k++) {
            lostIncrements += Math.max(0, expectedTotals.get(k) - totals[k]);
            extraIncrements += Math.max(0, totals[k] - expectedTotals.get(k));
        }
        findings.count("commits acknowledged", acknowledged.get(), "");
        findings.count("commits per second", acknowledged.get() / seconds, "1/s");
        findings.count("conflicts retried", conflicts.get(), "");
        findings.count("statements given up after retries", gaveUp.get(), "");
        findings.count("appends lost", lostAppends, "");
        findings.count("appends duplicated", doubledAppends + strayAppends, "");
        // an increment whose fate is unknown may explain that much difference, no more
        findings.count("counter units lost", lostIncrements, "");
        findings.count("counter units added twice", Math.max(0, extraIncrements - 9 * uncertainIncrements.get()), "");
        if (lostAppends > 0 || lostIncrements > 0) {
            findings.problem("lost updates: " + lostAppends + " acknowledged appends missing, counters short by " + lostIncrements
                    + " (" + java.util.Arrays.toString(totals) + " against " + expectedTotals + ")");
        }
        if (doubledAppends > 0 || strayAppends > 0 || extraIncrements > 9 * uncertainIncrements.get()) {
            findings.problem("doubled: " + doubledAppends + " appends twice, " + strayAppends + " of no statement, counters over by "
                    + extraIncrements);
        }
    }

    /**
     * A Trino writer on branch w1 appends to events while a Spark writer on w2 increments counters, then both are
     * merged (different tables: both land); a third branch that also appended to events merges after w1 and must be
     * refused as a conflict, leaving main as it was.
     */
    private void onBranches() throws Exception {
        String suffix = Long.toHexString(settings.seed() & 0xffffff);
        String appends = "w1" + suffix;
        String increments = "w2" + suffix;
        String rival = "w3" + suffix;
        for (String branch : List.of(appends, increments, rival)) {
            stack.api().createBranch(branch, "main");
        }
        long eventsBefore = count("iceberg." + SCHEMA + ".events");
        long totalBefore = sum("iceberg." + SCHEMA + ".counters");
        int perBranch = settings.branchCommits();
        try (Writer trino = trino(100); Writer spark = spark(100); Writer rivalWriter = trino(101)) {
            Thread first = Thread.ofPlatform().start(() -> repeat(trino, perBranch,
                    n -> "INSERT INTO " + trino.table(appends, "events") + " VALUES ('branch', " + n + ")"));
            Thread second = Thread.ofPlatform().start(() -> repeat(spark, perBranch,
                    n -> "UPDATE " + spark.table(increments, "counters") + " SET total = total + 1 WHERE k = " + (n % COUNTERS)));
            Thread third = Thread.ofPlatform().start(() -> repeat(rivalWriter, 1,
                    n -> "INSERT INTO " + rivalWriter.table(rival, "events") + " VALUES ('rival', " + n + ")"));
            first.join();
            second.join();
            third.join();
        }
        stack.api().mergeBranch(appends, "main");
        stack.api().mergeBranch(increments, "main");
        boolean rivalRefused;
        try {
            stack.api().mergeBranch(rival, "main");
            rivalRefused = false;
        } catch (ControlApiClient.StatementFailed e) {
            rivalRefused = e.getMessage().contains("conflict") || e.getMessage().contains("both changed");
        }
        long eventsAfter = count("iceberg." + SCHEMA + ".events");
        long totalAfter = sum("iceberg." + SCHEMA + ".counters");
        long branchLost = (eventsBefore + perBranch - eventsAfter) + (totalBefore + perBranch - totalAfter);
        findings.count("branch commits merged", perBranch * 2L, "");
        findings.count("branch rows lost or doubled by merges", Math.abs(branchLost), "");
        findings.count("conflicting merges let through", rivalRefused ? 0 : 1, "");
        if (branchLost != 0) {
            findings.problem("after merging " + appends + " and " + increments + ": events " + eventsBefore + " -> " + eventsAfter
                    + " (expected +" + perBranch + "), counters' sum " + totalBefore + " -> " + totalAfter + " (expected +" + perBranch + ")");
        }
        if (!rivalRefused) {
            findings.problem("the merge of " + rival + ", which changed events after " + appends + " did, was not refused as a conflict");
        }
    }

    private void repeat(Writer writer, int times, java.util.function.LongFunction<String> statement) {
        for (long n = 0; n < times; n++) {
            try {
                retryingMissingCatalog(writer, statement.apply(n));
            } catch (Exception e) {
                findings.problem(writer.name() + " on a branch: " + firstLine(String.valueOf(e.getMessage())));
            }
        }
    }

    /** A branch's Trino catalog appears a moment after the branch: the first statement may wait for it. */
    private static void retryingMissingCatalog(Writer writer, String statement) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                writer.execute(statement);
                return;
            } catch (Exception e) {
                if (attempt >= 20 || !String.valueOf(e.getMessage()).matches("(?s).*(Catalog .* not found|does not exist).*")) {
                    throw e;
                }
                sleepQuietly(500);
            }
        }
    }

    private long count(String table) throws Exception {
        return single("SELECT count(*) FROM " + table);
    }

    private long sum(String table) throws Exception {
        return single("SELECT coalesce(sum(total), 0) FROM " + table);
    }

    private long single(String query) throws Exception {
        try (Connection trino = stack.trino(); Statement statement = trino.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
