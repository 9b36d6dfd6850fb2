package dev.lakehouse.spark.pipeline;

/**
 * A data pipeline of the lakehouse: Spark code against the lakehouse's tables and endpoints, run by
 * {@code lakehouse pipeline run NAME} or from Java ({@code Lakehouse#runPipeline}). Found with
 * ServiceLoader (META-INF/services/dev.lakehouse.spark.pipeline.Pipeline).
 */
public interface Pipeline {
    /** The name to run it by, e.g. "sensors-streaming". */
    String name();

    /** One line for `lakehouse pipeline list`. */
    String description();

    /**
     * Whether it is a stream: its checkpoints remember what it has read, so it cannot write on a branch that may be
     * thrown away (a flow's run on a branch of its own).
     */
    default boolean streaming() {
        return false;
    }

    /** The services it needs besides storage and the catalog (e.g. "kafka"). */
    default java.util.Set<String> services() {
        return java.util.Set.of();
    }

    /**
     * Checks a run's options before anything starts, so a typo costs no boot.
     *
     * @throws InvalidOptionException naming the option and what it takes
     */
    default void checkOptions(java.util.Map<String, String> options) {
    }

    /**
     * Runs the pipeline: a batch pipeline to its end; a streaming one until it is stopped (the thread
     * interrupted) or, with {@link PipelineContext#untilIdle()}, until its input is consumed.
     */
    void run(PipelineContext context) throws Exception;
}
