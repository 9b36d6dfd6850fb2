package dev.lakehouse.spark.pipeline;

import java.util.List;

/** A write-audit-publish run whose audit failed: main is untouched, the branch is kept for inspection. */
public final class AuditFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String branch;
    private final transient List<AuditCheck.Outcome> failures;

    AuditFailedException(String branch, List<AuditCheck.Outcome> failures) {
        super(failures.size() + " of the audit's checks failed, so nothing was published: the data stays on branch " + branch
                + " for inspection (" + String.join("; ", failures.stream().map(AuditCheck.Outcome::describe).toList()) + ")");
        this.branch = branch;
        this.failures = List.copyOf(failures);
    }

    /** The branch that holds the data that failed. */
    public String branch() {
        return branch;
    }

    public List<AuditCheck.Outcome> failures() {
        return failures;
    }
}
