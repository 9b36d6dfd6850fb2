package dev.lakehouse.flows;

import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;

import java.sql.SQLException;
import java.util.Map;

/**
 * The flows' runs for /metrics, read from the history (so they survive restarts, as Airflow's DAG run counts do):
 * runs per flow and state, and a summary of how long the ended ones took.
 */
final class FlowMetrics implements MetricsSource {
    private final FlowStore store;

    FlowMetrics(FlowStore store) {
        this.store = store;
    }

    @Override
    public void collect(MetricsSink sink) {
        try {
            for (FlowStore.RunTotals totals : store.runTotals()) {
                sink.gauge("lakehouse_flow_runs", "Runs of a flow in the history, by state (queued, running, success, failed)",
                        Map.of("flow", totals.flow(), "state", totals.state().label()), totals.runs());
                if (totals.state().finished()) {
                    sink.summary("lakehouse_flow_run_duration_seconds", "How long a flow's ended runs took, start to end, by how they ended",
                            Map.of("flow", totals.flow(), "state", totals.state().label()), totals.ended(), totals.seconds());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the flows' history: " + e.getMessage(), e);
        }
    }
}
