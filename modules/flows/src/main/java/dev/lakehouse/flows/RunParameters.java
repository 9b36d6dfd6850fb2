package dev.lakehouse.flows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run is about, as its tasks see it: Airflow's names, so that SQL written for Airflow reads the same
 * ({@code {{ ds }}}, {@code {{ data_interval_start }}}...).
 *
 * @param runId e.g. scheduled__2026-11-30T04:00:00Z
 * @param runType scheduled, manual or backfill
 * @param logicalDate the start of the data interval
 * @param branch the Nessie branch the run writes on (main unless the flow runs each run on a branch)
 */
public record RunParameters(String flow, String runId, String runType, Instant logicalDate, Instant intervalStart, Instant intervalEnd,
                            String branch) {
    private static final DateTimeFormatter DS = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DS_NODASH = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TS_NODASH = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    public RunParameters {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(logicalDate, "logicalDate");
        Objects.requireNonNull(intervalStart, "intervalStart");
        Objects.requireNonNull(intervalEnd, "intervalEnd");
        Objects.requireNonNull(branch, "branch");
    }

    /** The variables of templates (SQL, options): ds, ds_nodash, ts, ts_nodash, logical_date, data_interval_start and _end, run_id, flow, branch. */
    public Map<String, Object> variables() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("ds", DS.format(logicalDate));
        variables.put("ds_nodash", DS_NODASH.format(logicalDate));
        variables.put("ts", logicalDate.atOffset(ZoneOffset.UTC).toString());
        variables.put("ts_nodash", TS_NODASH.format(logicalDate));
        variables.put("logical_date", logicalDate.toString());
        variables.put("data_interval_start", intervalStart.toString());
        variables.put("data_interval_end", intervalEnd.toString());
        variables.put("run_id", runId);
        variables.put("run_type", runType);
        variables.put("flow", flow);
        variables.put("branch", branch);
        return variables;
    }

    /** A variable by name. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables().get(name)).map(Object::toString);
    }
}
