package dev.lakehouse.flows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flows' history, in an embedded H2 database under {@code <data-dir>/flows-history}: every run and every task
 * attempt with its state, times, first error line, log excerpt and the Nessie commit it made, plus each flow's
 * paused flag and the end of the last interval its schedule ran. Each commit is on disk when it returns
 * (WRITE_DELAY=0): a kill -9 loses no run the API has told about.
 */
final class FlowStore implements AutoCloseable {
    private static final int ERROR_LENGTH = 2000;
    private static final int LOG_LENGTH = 16000;

    private final Connection connection;

    private FlowStore(Connection connection) {
        this.connection = connection;
    }

    static FlowStore open(Path folder) throws SQLException {
        // the driver itself, not DriverManager: in this process DriverManager may have registered the drivers an
        // isolated module's class loader saw
        Connection connection = new org.h2.Driver().connect("jdbc:h2:" + folder.resolve("history").toAbsolutePath()
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", new java.util.Properties());
        if (connection == null) {
            throw new SQLException("H2 refused the history database in " + folder);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS flow_state (flow VARCHAR(200) PRIMARY KEY, paused BOOLEAN NOT NULL, "
                    + "last_scheduled_end TIMESTAMP(3) WITH TIME ZONE)");
            statement.execute("CREATE TABLE IF NOT EXISTS flow_runs (flow VARCHAR(200) NOT NULL, run_id VARCHAR(200) NOT NULL, "
                    + "run_type VARCHAR(20) NOT NULL, logical_date TIMESTAMP(3) WITH TIME ZONE NOT NULL, "
                    + "interval_start TIMESTAMP(3) WITH TIME ZONE NOT NULL, interval_end TIMESTAMP(3) WITH TIME ZONE NOT NULL, "
                    + "state VARCHAR(20) NOT NULL, queued_at TIMESTAMP(3) WITH TIME ZONE NOT NULL, started_at TIMESTAMP(3) WITH TIME ZONE, "
                    + "ended_at TIMESTAMP(3) WITH TIME ZONE, branch VARCHAR(300), merge_commit VARCHAR(100), error VARCHAR(" + ERROR_LENGTH + "), "
                    + "PRIMARY KEY (flow, run_id))");
            statement.execute("CREATE TABLE IF NOT EXISTS task_attempts (flow VARCHAR(200) NOT NULL, run_id VARCHAR(200) NOT NULL, "
                    + "task VARCHAR(200) NOT NULL, attempt INT NOT NULL, state VARCHAR(20) NOT NULL, started_at TIMESTAMP(3) WITH TIME ZONE, "
                    + "ended_at TIMESTAMP(3) WITH TIME ZONE, error VARCHAR(" + ERROR_LENGTH + "), log VARCHAR(" + LOG_LENGTH + "), "
                    + "commit_hash VARCHAR(100), PRIMARY KEY (flow, run_id, task, attempt))");
            statement.execute("CREATE INDEX IF NOT EXISTS flow_runs_by_state ON flow_runs(state)");
        }
        return new FlowStore(connection);
    }

    /** Work done as one transaction: one write to disk instead of one per statement (the scheduler's burst of due runs). */
    interface Work<T> {
        T run() throws SQLException;
    }

    synchronized <T> T inTransaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    // --- flows -------------------------------------------------------------------------------------------

    /** Whether a flow is paused; a flow seen for the first time is recorded with {@code pausedAtCreation}. */
    synchronized boolean paused(String flow, boolean pausedAtCreation) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT paused FROM flow_state WHERE flow = ?")) {
            select.setString(1, flow);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return rows.getBoolean(1);
                }
            }
        }
        setPaused(flow, pausedAtCreation);
        return pausedAtCreation;
    }

    synchronized void setPaused(String flow, boolean paused) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO flow_state (flow, paused) KEY (flow) VALUES (?, ?)")) {
            merge.setString(1, flow);
            merge.setBoolean(2, paused);
            merge.executeUpdate();
        }
    }

    synchronized Optional<Instant> lastScheduledEnd(String flow) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT last_scheduled_end FROM flow_state WHERE flow = ?")) {
            select.setString(1, flow);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? instant(rows, 1) : Optional.empty();
            }
        }
    }

    synchronized void setLastScheduledEnd(String flow, Instant end) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE flow_state SET last_scheduled_end = ? WHERE flow = ?")) {
            update.setObject(1, timestamp(end));
            update.setString(2, flow);
            update.executeUpdate();
        }
    }

    // --- runs --------------------------------------------------------------------------------------------

    synchronized void insert(FlowRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO flow_runs (flow, run_id, run_type, logical_date, "
                + "interval_start, interval_end, state, queued_at, branch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, run.flow());
            insert.setString(2, run.runId());
            insert.setString(3, run.runType());
            insert.setObject(4, timestamp(run.logicalDate()));
            insert.setObject(5, timestamp(run.intervalStart()));
            insert.setObject(6, timestamp(run.intervalEnd()));
            insert.setString(7, run.state().name());
            insert.setObject(8, timestamp(run.queuedAt()));
            insert.setString(9, run.branch().orElse(null));
            insert.executeUpdate();
        }
    }

    synchronized boolean exists(String flow, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM flow_runs WHERE flow = ? AND run_id = ?")) {
            select.setString(1, flow);
            select.setString(2, runId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    synchronized void started(String flow, String runId, Instant at, Optional<String> branch) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE flow_runs SET state = ?, started_at = ?, branch = ? "
                + "WHERE flow = ? AND run_id = ?")) {
            update.setString(1, RunState.RUNNING.name());
            update.setObject(2, timestamp(at));
            update.setString(3, branch.orElse(null));
            update.setString(4, flow);
            update.setString(5, runId);
            update.executeUpdate();
        }
    }

    synchronized void ended(String flow, String runId, RunState state, Instant at, Optional<String> mergeCommit, Optional<String> error)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE flow_runs SET state = ?, ended_at = ?, merge_commit = ?, error = ? "
                + "WHERE flow = ? AND run_id = ?")) {
            update.setString(1, state.name());
            update.setObject(2, timestamp(at));
            update.setString(3, mergeCommit.orElse(null));
            update.setString(4, error.map(e -> clip(e, ERROR_LENGTH)).orElse(null));
            update.setString(5, flow);
            update.setString(6, runId);
            update.executeUpdate();
        }
    }

    /** Runs in the given states, oldest logical date first. */
    synchronized List<FlowRun> runsIn(RunState... states) throws SQLException {
        StringBuilder in = new StringBuilder();
        for (RunState state : states) {
            in.append(in.isEmpty() ? "" : ", ").append('\'').append(state.name()).append('\'');
        }
        return runs("WHERE state IN (" + in + ") ORDER BY logical_date, queued_at", List.of());
    }

    /** How many runs of a flow the history holds in one state, and the seconds the ended ones took, start to end. */
    record RunTotals(String flow, RunState state, long runs, long ended, double seconds) { }

    /** The history summed per flow and state (one grouped scan of an indexed table: cheap enough for every scrape). */
    synchronized List<RunTotals> runTotals() throws SQLException {
        List<RunTotals> totals = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT flow, state, COUNT(*), COUNT(ended_at), "
                     + "COALESCE(SUM(DATEDIFF(MILLISECOND, started_at, ended_at)), 0) FROM flow_runs GROUP BY flow, state")) {
            while (rows.next()) {
                totals.add(new RunTotals(rows.getString(1), RunState.valueOf(rows.getString(2)), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5) / 1000.0));
            }
        }
        return totals;
    }

    /** The latest runs, newest first; of one flow when {@code flow} is given. */
    synchronized List<FlowRun> latestRuns(Optional<String> flow, int limit) throws SQLException {
        return flow.isPresent()
                ? runs("WHERE flow = ? ORDER BY queued_at DESC, logical_date DESC LIMIT " + limit, List.of(flow.get()))
                : runs("ORDER BY queued_at DESC, logical_date DESC LIMIT " + limit, List.of());
    }

    synchronized Optional<FlowRun> run(String flow, String runId) throws SQLException {
        return runs("WHERE flow = ? AND run_id = ?", List.of(flow, runId)).stream().findFirst();
    }

    /** Runs that ended on a branch of their own which is still there to see. */
    synchronized List<FlowRun> runsWithBranches() throws SQLException {
        return runs("WHERE branch IS NOT NULL ORDER BY queued_at", List.of());
    }

    synchronized void forgetBranch(String flow, String runId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE flow_runs SET branch = NULL WHERE flow = ? AND run_id = ?")) {
            update.setString(1, flow);
            update.setString(2, runId);
            update.executeUpdate();
        }
    }

    private List<FlowRun> runs(String where, List<String> parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT flow, run_id, run_type, logical_date, interval_start, interval_end, "
                + "state, queued_at, started_at, ended_at, branch, merge_commit, error FROM flow_runs " + where)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setString(i + 1, parameters.get(i));
            }
            List<FlowRun> runs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    runs.add(new FlowRun(rows.getString(1), rows.getString(2), rows.getString(3), instant(rows, 4).orElseThrow(),
                            instant(rows, 5).orElseThrow(), instant(rows, 6).orElseThrow(), RunState.valueOf(rows.getString(7)),
                            instant(rows, 8).orElseThrow(), instant(rows, 9), instant(rows, 10), Optional.ofNullable(rows.getString(11)),
                            Optional.ofNullable(rows.getString(12)), Optional.ofNullable(rows.getString(13))));
                }
            }
            return runs;
        }
    }

    // --- task attempts -----------------------------------------------------------------------------------

    synchronized void attemptStarted(String flow, String runId, String task, int attempt, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("MERGE INTO task_attempts (flow, run_id, task, attempt, state, started_at) "
                + "KEY (flow, run_id, task, attempt) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, flow);
            insert.setString(2, runId);
            insert.setString(3, task);
            insert.setInt(4, attempt);
            insert.setString(5, TaskState.RUNNING.name());
            insert.setObject(6, timestamp(at));
            insert.executeUpdate();
        }
    }

    synchronized void attemptEnded(String flow, String runId, String task, int attempt, TaskState state, Instant at, Optional<String> error,
                                   String log, Optional<String> commit) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("MERGE INTO task_attempts (flow, run_id, task, attempt, state, ended_at, "
                + "error, log, commit_hash) KEY (flow, run_id, task, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            update.setString(1, flow);
            update.setString(2, runId);
            update.setString(3, task);
            update.setInt(4, attempt);
            update.setString(5, state.name());
            update.setObject(6, timestamp(at));
            update.setString(7, error.map(e -> clip(e, ERROR_LENGTH)).orElse(null));
            update.setString(8, log.length() > LOG_LENGTH ? log.substring(log.length() - LOG_LENGTH) : log);
            update.setString(9, commit.orElse(null));
            update.executeUpdate();
        }
    }

    /** A task that never ran (its upstream failed): one row, attempt 0, for the history's grid. */
    synchronized void skipped(String flow, String runId, String task, TaskState state, Instant at) throws SQLException {
        attemptEnded(flow, runId, task, 0, state, at, Optional.empty(), "", Optional.empty());
    }

    synchronized List<TaskAttempt> attempts(String flow, String runId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT task, attempt, state, started_at, ended_at, error, log, commit_hash "
                + "FROM task_attempts WHERE flow = ? AND run_id = ? ORDER BY started_at NULLS LAST, task, attempt")) {
            select.setString(1, flow);
            select.setString(2, runId);
            List<TaskAttempt> attempts = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    attempts.add(new TaskAttempt(flow, runId, rows.getString(1), rows.getInt(2), TaskState.valueOf(rows.getString(3)),
                            instant(rows, 4), instant(rows, 5), Optional.ofNullable(rows.getString(6)),
                            rows.getString(7) == null ? "" : rows.getString(7), Optional.ofNullable(rows.getString(8))));
                }
            }
            return attempts;
        }
    }

    /**
     * After a crash: what was running cannot be running any more. Its runs and attempts end failed, with the reason.
     *
     * @return the runs so ended
     */
    synchronized List<FlowRun> failInterrupted(Instant at, String reason) throws SQLException {
        List<FlowRun> interrupted = runsIn(RunState.RUNNING);
        try (PreparedStatement attempts = connection.prepareStatement("UPDATE task_attempts SET state = ?, ended_at = ?, error = ? WHERE state = ?");
             PreparedStatement runs = connection.prepareStatement("UPDATE flow_runs SET state = ?, ended_at = ?, error = ? WHERE state = ?")) {
            attempts.setString(1, TaskState.FAILED.name());
            attempts.setObject(2, timestamp(at));
            attempts.setString(3, reason);
            attempts.setString(4, TaskState.RUNNING.name());
            attempts.executeUpdate();
            runs.setString(1, RunState.FAILED.name());
            runs.setObject(2, timestamp(at));
            runs.setString(3, reason);
            runs.setString(4, RunState.RUNNING.name());
            runs.executeUpdate();
        }
        return interrupted;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return Optional.ofNullable(value).map(OffsetDateTime::toInstant);
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
