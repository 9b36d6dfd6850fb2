package dev.lakehouse.models;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a run.
 *
 * @param success   nothing errored, failed or was skipped (warnings do not count), and it was not cancelled
 * @param results   each node that ran (or was skipped), in run order
 * @param elapsed   seconds
 * @param branch    the branch the run built on, or null for main
 * @param published whether the branch was merged into main
 * @param message   one line: what failed and what it means for main, or the error that stopped the run; empty when all went well
 * @param target    the target directory (compiled SQL, manifest.json, run_results.json)
 * @param refused   the project could not be read (or the run could not start): nothing was built
 */
public record ModelsResult(boolean success, boolean cancelled, List<NodeResult> results, double elapsed, String branch,
                           boolean published, String message, Path target, boolean refused) {
    /**
     * dbt's exit codes: 0 success; 1 anything errored, failed or was skipped; 2 the project could not be read
     * (nothing was built); 130 stopped.
     */
    public int exitCode() {
        return cancelled ? 130 : success ? 0 : refused ? 2 : 1;
    }

    public long count(String status) {
        return results.stream().filter(result -> result.status().equals(status)).count();
    }
}
