package dev.lakehouse.flows;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a task in a run (attempt 0: a task that never ran, its upstream having failed).
 *
 * @param log the attempt's last log lines (a pipeline's progress, the rows of SQL, a Java task's lines)
 * @param commit the commit the task made on the run's branch, if it made one
 */
public record TaskAttempt(String flow, String runId, String task, int attempt, TaskState state, Optional<Instant> startedAt,
                          Optional<Instant> endedAt, Optional<String> error, String log, Optional<String> commit) {
}
