package dev.lakehouse.flows;

import dev.lakehouse.runtime.Refused;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flow's recent runs as Airflow's grid view shows them (rows: the tasks in the DAG's order, columns: runs, oldest on
 * the left; a cell: the task's last attempt in that run), and one task's log in a run. The console's Flows page draws
 * them; the grid leaves the logs out, so that twenty runs stay a small answer, and a cell's log is asked for when
 * clicked.
 */
final class FlowGrid {
    private FlowGrid() {
    }

    static Map<String, Object> of(Flows flows, String flow, int runs) throws SQLException {
        Flow definition = flows.flow(flow).flow();
        List<FlowRun> latest = new ArrayList<>(flows.runs(Optional.of(flow), runs));
        latest.sort(java.util.Comparator.comparing(FlowRun::queuedAt)); // oldest on the left, as Airflow's grid
        List<Map<String, Object>> columns = new ArrayList<>();
        for (FlowRun run : latest) {
            Map<String, Object> column = FlowsApi.run(run);
            Map<String, Object> cells = new LinkedHashMap<>();
            // attempts come oldest first: the last one of a task is its state in the run
            for (TaskAttempt attempt : flows.run(flow, run.runId()).attempts()) {
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("state", attempt.state().label());
                cell.put("attempt", attempt.attempt());
                cell.put("startedAt", attempt.startedAt().map(Instant::toString).orElse(null));
                cell.put("endedAt", attempt.endedAt().map(Instant::toString).orElse(null));
                cell.put("error", attempt.error().orElse(null));
                cells.put(attempt.task(), cell);
            }
            column.put("tasks", cells);
            columns.add(column);
        }
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("flow", flow);
        grid.put("tasks", definition.tasks().values().stream().map(task -> Map.of("name", task.name(), "after", task.after())).toList());
        grid.put("runs", columns);
        return grid;
    }

    /** Every attempt of one task in one run, with its last log lines (what the history keeps: the last 200). */
    static Map<String, Object> taskLog(Flows flows, String flow, String runId, String task) throws SQLException {
        Flows.RunDetail detail = flows.run(flow, runId);
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (TaskAttempt attempt : detail.attempts()) {
            if (attempt.task().equals(task)) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("attempt", attempt.attempt());
                json.put("state", attempt.state().label());
                json.put("startedAt", attempt.startedAt().map(Instant::toString).orElse(null));
                json.put("endedAt", attempt.endedAt().map(Instant::toString).orElse(null));
                json.put("error", attempt.error().orElse(null));
                json.put("log", attempt.log());
                attempts.add(json);
            }
        }
        if (attempts.isEmpty()) {
            boolean known = flows.flow(flow).flow().tasks().containsKey(task);
            throw Refused.notFound(known ? "task " + task + " has not run yet in run " + runId + " of " + flow
                    : "flow " + flow + " has no task " + task);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("flow", flow);
        answer.put("runId", runId);
        answer.put("task", task);
        answer.put("attempts", attempts);
        return answer;
    }
}
