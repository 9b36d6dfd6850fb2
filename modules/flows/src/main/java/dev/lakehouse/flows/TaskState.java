package dev.lakehouse.flows;

import java.util.Locale;

/**
 * A task's state in a run, as Airflow names a task instance's: scheduled (its upstream succeeded), running, success or
 * failed, up_for_retry between a failed attempt and the next, upstream_failed when a task it runs after failed (it
 * never runs).
 */
public enum TaskState {
    SCHEDULED, RUNNING, SUCCESS, FAILED, UP_FOR_RETRY, UPSTREAM_FAILED;

    public boolean finished() {
        return this == SUCCESS || this == FAILED || this == UPSTREAM_FAILED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
