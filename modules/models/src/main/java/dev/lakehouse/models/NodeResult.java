package dev.lakehouse.models;

/**
 * How one node ended, as run_results.json records it.
 *
 * @param status        model/seed: success, error, skipped; test: pass, fail, warn, error, skipped
 * @param message       the adapter's message (CREATE TABLE (3 rows)), or the error
 * @param failures      a test's failing rows (null for other nodes)
 * @param relation      the relation built or tested, e.g. iceberg.shop.orders (null for a test)
 */
public record NodeResult(String uniqueId, String name, String resourceType, String status, String message,
                         Long failures, double executionTime, String relation) {
    /** Whether this node makes the run fail (dbt's exit code 1): an error, a failed test, or a skip. */
    public boolean failed() {
        return status.equals("error") || status.equals("fail") || status.equals("skipped");
    }
}
