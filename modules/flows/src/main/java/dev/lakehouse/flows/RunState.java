package dev.lakehouse.flows;

import java.util.Locale;

/** A run's state, as Airflow names a DAG run's: queued until max-active-runs lets it run, then running, then how it ended. */
public enum RunState {
    QUEUED, RUNNING, SUCCESS, FAILED;

    public boolean finished() {
        return this == SUCCESS || this == FAILED;
    }

    /** As printed and in the API: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
