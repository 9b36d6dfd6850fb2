package dev.lakehouse.flows;

import java.time.Instant;
import java.util.Optional;

/**
 * A run of a flow, as the history keeps it.
 *
 * @param runId e.g. scheduled__2026-11-30T04:00:00Z, manual__..., backfill__...
 * @param runType scheduled, manual or backfill
 * @param logicalDate the start of its data interval
 * @param branch the branch it writes on, while it is there to see (a run on a branch of its own)
 * @param mergeCommit main's commit that published it (a run on a branch of its own that succeeded)
 * @param error why it failed: the tasks that failed, or what stopped it
 */
public record FlowRun(String flow, String runId, String runType, Instant logicalDate, Instant intervalStart, Instant intervalEnd,
                      RunState state, Instant queuedAt, Optional<Instant> startedAt, Optional<Instant> endedAt, Optional<String> branch,
                      Optional<String> mergeCommit, Optional<String> error) {
}
