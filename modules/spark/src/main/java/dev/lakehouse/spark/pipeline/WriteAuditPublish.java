package dev.lakehouse.spark.pipeline;

import dev.lakehouse.spark.LakehouseSparkSessions;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * Write-audit-publish on Nessie branches: a run writes on a fresh branch cut from main, its checks audit
 * the branch, and only a clean audit merges the branch into main (in one Nessie commit, every table at
 * once) and deletes it. A failed audit, or a failed write, leaves main as it was and keeps the branch for
 * inspection, e.g. {@code SELECT * FROM lakehouse_etl_....silver.orders} in Spark.
 */
public final class WriteAuditPublish {
    /** What a run writes: it writes with the session it is given and returns the checks to audit that with. */
    @FunctionalInterface
    public interface Write {
        List<AuditCheck> write(SparkSession session) throws Exception;
    }

    /** A published run: the branch it was written on (now merged and deleted), main's new head, every check's outcome. */
    public record Published(String branch, String mainHead, List<AuditCheck.Outcome> outcomes) {
    }

    private final NessieBranches nessie;
    private final String main;

    /**
     * @param nessie the catalog's branches
     * @param main the branch to publish to (the catalog's default branch)
     */
    public WriteAuditPublish(NessieBranches nessie, String main) {
        this.nessie = nessie;
        this.main = main;
    }

    /**
     * Writes on a new branch, audits it, and publishes it to main if every check passes.
     *
     * @throws AuditFailedException when a check fails (main untouched, the branch kept)
     * @throws IllegalStateException when the write fails (main untouched, the branch kept), caused by the failure
     */
    public Published run(SparkSession spark, String branch, Write write) throws Exception {
        nessie.createBranch(branch, main);
        SparkSession onBranch = LakehouseSparkSessions.onBranch(spark, branch);
        List<AuditCheck> checks;
        try {
            checks = LakehouseSparkSessions.withActive(onBranch, () -> write.write(onBranch));
        } catch (Exception e) {
            throw new IllegalStateException("the write on branch " + branch + " failed, so nothing was published (the branch is kept "
                    + "for inspection): " + e.getMessage(), e);
        }
        List<AuditCheck.Outcome> outcomes = LakehouseSparkSessions.withActive(onBranch, () -> audit(onBranch, checks));
        List<AuditCheck.Outcome> failures = outcomes.stream().filter(outcome -> !outcome.passed()).toList();
        if (!failures.isEmpty()) {
            throw new AuditFailedException(branch, failures);
        }
        String head = nessie.merge(branch, main);
        nessie.deleteBranch(branch);
        return new Published(branch, head, outcomes);
    }

    /** Evaluates every check (not only up to the first failure: the report names all that failed). */
    public static List<AuditCheck.Outcome> audit(SparkSession session, List<AuditCheck> checks) {
        return checks.stream().map(check -> check.evaluate(session)).toList();
    }
}
