package dev.lakehouse.app.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What an operator runs on busy tables, run while they are written: every {@code interval}, Iceberg's
 * {@code optimize} (small files compacted into larger ones) on the chaos tables, through Trino. It tests that a
 * compaction beside writers loses nothing: the writers' own checks count every acknowledged row and increment at the
 * end. A compaction that meets a concurrent MERGE may lose its commit race: that is counted, not a fault; the next
 * round compacts again.
 * <p>
 * Not {@code expire_snapshots}: the Nessie catalog creates tables with {@code gc.enabled=false}, and Trino refuses
 * ("GC is disabled"), because a branch may still reference the files an expiry on main would delete; dropping old
 * snapshots' files safely is Nessie GC's job (a mark and sweep over every branch). The snapshot counts the verification
 * reports show how much a soak's tables carry without it.
 */
final class TableMaintenanceWorkload implements CrashWorkload {
    private static final List<String> TABLES = List.of("iceberg.chaos.ledger", "iceberg.chaos.counters", "iceberg.iot.sensors_bronze");

    private final Duration interval;
    private Connection connection;
    private Loop rounds;
    private long done;
    private long conflicts;
    private long absent;

    TableMaintenanceWorkload(Duration interval) {
        this.interval = interval;
    }

    @Override
    public String name() {
        return "maintenance";
    }

    @Override
    public void start(ChaosStack stack) throws Exception {
        connection = stack.trino();
        rounds = Loop.start("maintenance", () -> {
            Thread.sleep(interval.toMillis());
            for (String table : TABLES) {
                maintain(table, "optimize(file_size_threshold => '16MB')");
            }
        });
    }

    private void maintain(String table, String procedure) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " EXECUTE " + procedure);
            done++;
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("does not exist")) {
                absent++; // a workload that has not made its table yet
            } else if (message.contains("conflict") || message.contains("failed to commit") || message.contains("cannot commit")) {
                conflicts++;
            } else {
                throw e;
            }
        }
    }

    @Override
    public void stop(Findings findings, long killedAt) throws InterruptedException {
        rounds.stop(killedAt);
        findings.problemIfFailedWhileUp(rounds);
        try {
            connection.close();
        } catch (SQLException e) {
            // the coordinator is gone with the kill
        }
    }

    @Override
    public void reconcile(ChaosStack stack) {
        // maintenance changes no row: a compaction or an expiry cut short by a kill either committed or did not
    }

    @Override
    public void verify(ChaosStack stack, Findings findings) throws Exception {
        findings.count("compactions run", done, "");
        findings.count("compactions that lost a commit race (retried next round)", conflicts, "");
        if (done == 0 && absent == 0) {
            findings.problem("maintenance: no compaction ran");
        }
        try (Connection trino = stack.trino(); Statement statement = trino.createStatement()) {
            for (String table : TABLES) {
                String[] name = table.split("\\.");
                String snapshots = name[0] + "." + name[1] + ".\"" + name[2] + "$snapshots\"";
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + snapshots)) {
                    rows.next();
                    findings.count("snapshots kept: " + name[1] + "." + name[2], rows.getLong(1), "");
                } catch (SQLException e) {
                    findings.problem("maintenance: " + snapshots + " is not readable: " + e.getMessage());
                }
            }
        }
    }
}
