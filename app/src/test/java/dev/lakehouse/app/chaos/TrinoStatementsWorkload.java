package dev.lakehouse.app.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Trino client writing through the JDBC driver: numbered INSERTs into a ledger and MERGEs that add to counters,
 * one at a time. An acknowledged statement must have taken effect exactly once; the one in flight at the kill is
 * looked up after the restart (is its row there? is it the counter's last operation?) and then counts as what it did.
 */
final class TrinoStatementsWorkload implements CrashWorkload {
    private static final int COUNTERS = 4;

    private final AtomicLong next = new AtomicLong();
    /** Statements sent again after Iceberg refused their commit (a concurrent commit won). */
    private final AtomicLong retried = new AtomicLong();
    /** Operations known to have taken effect: acknowledged, or found after a restart. */
    private final Set<Long> applied = ConcurrentHashMap.newKeySet();
    private long acknowledged;
    private volatile Long inFlight;
    private boolean created;
    private Connection connection;
    private Loop statements;

    @Override
    public String name() {
        return "trino";
    }

    private static boolean isInsert(long op) {
        return op % 2 == 0;
    }

    private static int counter(long op) {
        return (int) (op % COUNTERS);
    }

    private static long increment(long op) {
        return op % 7 + 1;
    }

    @Override
    public void start(ChaosStack stack) throws Exception {
        connection = stack.trino();
        if (!created) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS iceberg.chaos");
                statement.execute("CREATE TABLE IF NOT EXISTS iceberg.chaos.ledger (id BIGINT)");
                statement.execute("CREATE TABLE IF NOT EXISTS iceberg.chaos.counters (k INTEGER, total BIGINT, last_op BIGINT)");
                statement.execute("INSERT INTO iceberg.chaos.counters SELECT k, 0, -1 FROM UNNEST(sequence(0, " + (COUNTERS - 1) + ")) AS t(k)");
            }
            created = true;
        }
        statements = Loop.start("trino", () -> {
            long op = next.getAndIncrement();
            inFlight = op;
            execute(op);
            applied.add(op);
            acknowledged++;
            inFlight = null;
        });
    }

    /**
     * One statement; a commit that Iceberg refused because a concurrent commit (a compaction of the same files) won
     * the race is sent again, as a client of a busy table does: refused, it changed nothing.
     */
    private void execute(long op) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(isInsert(op) ? "INSERT INTO iceberg.chaos.ledger VALUES (" + op + ")"
                        : "MERGE INTO iceberg.chaos.counters t USING (VALUES (" + counter(op) + ", " + increment(op) + ", " + op + ")) AS s(k, inc, op)"
                        + " ON t.k = s.k WHEN MATCHED THEN UPDATE SET total = t.total + s.inc, last_op = s.op");
                return;
            } catch (SQLException e) {
                if (attempt >= 5 || !String.valueOf(e.getMessage()).contains("Failed to commit")) {
                    throw e;
                }
                retried.incrementAndGet();
            }
        }
    }

    @Override
    public void stop(Findings findings, long killedAt) throws InterruptedException {
        statements.stop(killedAt);
        findings.problemIfFailedWhileUp(statements);
        try {
            connection.close();
        } catch (SQLException e) {
            // the coordinator is gone with the kill
        }
    }

    @Override
    public void reconcile(ChaosStack stack) throws Exception {
        Long op = inFlight;
        if (op == null) {
            return;
        }
        try (Connection trino = stack.trino(); Statement statement = trino.createStatement()) {
            boolean tookEffect;
            if (isInsert(op)) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM iceberg.chaos.ledger WHERE id = " + op)) {
                    rows.next();
                    tookEffect = rows.getLong(1) > 0;
                }
            } else {
                try (ResultSet rows = statement.executeQuery("SELECT last_op FROM iceberg.chaos.counters WHERE k = " + counter(op))) {
                    rows.next();
                    tookEffect = rows.getLong(1) == op;
                }
            }
            if (tookEffect) {
                applied.add(op);
            }
        }
        inFlight = null;
    }

    @Override
    public void verify(ChaosStack stack, Findings findings) throws Exception {
        Map<Long, Long> ledger = new HashMap<>();
        long[] totals = new long[COUNTERS];
        try (Connection trino = stack.trino(); Statement statement = trino.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT id, count(*) FROM iceberg.chaos.ledger GROUP BY id")) {
                while (rows.next()) {
                    ledger.put(rows.getLong(1), rows.getLong(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT k, total FROM iceberg.chaos.counters")) {
                while (rows.next()) {
                    totals[rows.getInt(1)] = rows.getLong(2);
                }
            }
        }
        long[] expected = new long[COUNTERS];
        long lostRows = 0;
        for (long op : applied) {
            if (isInsert(op)) {
                lostRows += ledger.containsKey(op) ? 0 : 1;
            } else {
                expected[counter(op)] += increment(op);
            }
        }
        long duplicatedRows = ledger.values().stream().filter(count -> count > 1).count();
        long unknownRows = ledger.keySet().stream().filter(id -> !applied.contains(id)).count();
        long missingIncrements = 0;
        long extraIncrements = 0;
        for (int k = 0; k < COUNTERS; k++) {
            missingIncrements += Math.max(0, expected[k] - totals[k]);
            extraIncrements += Math.max(0, totals[k] - expected[k]);
        }
        findings.count("statements acknowledged", acknowledged, "");
        findings.count("statements sent again after a lost commit race", retried.get(), "");
        findings.count("statements lost", lostRows + (missingIncrements > 0 ? 1 : 0), "");
        findings.count("statements applied twice", duplicatedRows + (extraIncrements > 0 ? 1 : 0), "");
        if (lostRows > 0 || missingIncrements > 0) {
            findings.problem("Trino: " + lostRows + " acknowledged inserts missing; counters short by " + missingIncrements
                    + " (totals " + java.util.Arrays.toString(totals) + ", expected " + java.util.Arrays.toString(expected) + ")");
        }
        if (duplicatedRows > 0 || extraIncrements > 0 || unknownRows > 0) {
            findings.problem("Trino: " + duplicatedRows + " ledger rows twice, " + unknownRows + " rows of no known statement; counters over by "
                    + extraIncrements);
        }
    }
}
