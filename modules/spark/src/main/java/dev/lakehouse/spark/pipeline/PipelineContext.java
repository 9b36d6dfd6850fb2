package dev.lakehouse.spark.pipeline;

import dev.lakehouse.spi.Endpoint;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a pipeline runs with.
 *
 * @param spark a session whose default catalog holds the lakehouse's tables
 * @param endpoints the lakehouse's endpoints (Kafka's bootstrap servers, the source database...)
 * @param checkpoints where its streaming checkpoints live across runs ({@code <data-dir>/spark/checkpoints/NAME})
 * @param untilIdle for a stream: stop once everything available has been processed
 * @param options the run's options (--option key=value), each pipeline documents its own
 * @param progress where a pipeline reports what it did, one line at a time (the terminal of `pipeline run`)
 * @param branch the branch the run writes to, when it is not the catalog's default branch (a flow's run on a branch
 *               of its own): {@code spark}'s default catalog is that branch's, and a pipeline that publishes with
 *               write-audit-publish publishes there
 */
public record PipelineContext(SparkSession spark, Endpoints endpoints, Path checkpoints, boolean untilIdle,
                              Map<String, String> options, Consumer<String> progress, Optional<String> branch) {
    public PipelineContext {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(branch, "branch");
        options = Map.copyOf(options);
    }

    /** A context on the catalog's default branch. */
    public PipelineContext(SparkSession spark, Endpoints endpoints, Path checkpoints, boolean untilIdle,
                           Map<String, String> options, Consumer<String> progress) {
        this(spark, endpoints, checkpoints, untilIdle, options, progress, Optional.empty());
    }

    /** The branch the run writes to: {@link #branch()}, else the catalog's default branch. */
    public String targetBranch() {
        return branch.orElseGet(() -> endpoints.endpoint("catalog", "iceberg").property("default-branch"));
    }

    /** A context whose progress goes to the log. */
    public PipelineContext(SparkSession spark, Endpoints endpoints, Path checkpoints, boolean untilIdle, Map<String, String> options) {
        this(spark, endpoints, checkpoints, untilIdle, options, LoggerFactory.getLogger(Pipeline.class)::info);
    }

    /** An option, or its default. */
    public String option(String key, String defaultValue) {
        return Optional.ofNullable(options.get(key)).orElse(defaultValue);
    }

    /** Reports one line of progress. */
    public void report(String line) {
        progress.accept(line);
    }

    /** The lakehouse's endpoints, by component and name. */
    @FunctionalInterface
    public interface Endpoints {
        Endpoint endpoint(String service, String name);
    }
}
