package dev.lakehouse.spark.pipeline;

import org.apache.spark.sql.SparkSession;

import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A data-quality check of write-audit-publish: a rule, and how many rows (or keys) break it on the branch
 * being audited; zero passes.
 *
 * @param name a dotted name that says where it looks, e.g. silver.order_items.quantity_in_range
 * @param rule what must hold, in words, e.g. "quantity is between 1 and 1000"
 * @param violations counts what breaks the rule, in a session on the audited branch
 */
public record AuditCheck(String name, String rule, ToLongFunction<SparkSession> violations) {
    public AuditCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(violations, "violations");
    }

    /** A check whose query returns one number, the count of violations (e.g. SELECT count(*) ... WHERE NOT rule). */
    public static AuditCheck ofQuery(String name, String rule, String violationsQuery) {
        return new AuditCheck(name, rule, spark -> {
            Object value = spark.sql(violationsQuery).first().get(0);
            return value == null ? 0 : ((Number) value).longValue();
        });
    }

    /** What a check found. */
    public record Outcome(AuditCheck check, long violations) {
        public boolean passed() {
            return violations == 0;
        }

        /** One line, e.g. "FAILED silver.order_items.quantity_in_range: 2 violations of: quantity is between 1 and 1000". */
        public String describe() {
            return passed() ? "passed " + check.name() : "FAILED " + check.name() + ": " + violations + " violation"
                    + (violations == 1 ? "" : "s") + " of: " + check.rule();
        }
    }

    Outcome evaluate(SparkSession spark) {
        return new Outcome(this, violations.applyAsLong(spark));
    }
}
