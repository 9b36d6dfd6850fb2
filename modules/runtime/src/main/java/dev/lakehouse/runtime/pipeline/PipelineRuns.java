package dev.lakehouse.runtime.pipeline;

import dev.lakehouse.spark.LakehouseSparkSessions;
import dev.lakehouse.spark.pipeline.AuditCheck;
import dev.lakehouse.spark.pipeline.AuditFailedException;
import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.PipelineContext;
import dev.lakehouse.spark.pipeline.Pipelines;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the lakehouse's pipelines inside it, on its own Spark (Lakehouse#pipelines(), the API behind
 * {@code lakehouse pipeline run}): one run of a pipeline at a time, each on a thread and a Spark session of its
 * own, so that cancelling a run stops its streams and its jobs and nothing else.
 */
public final class PipelineRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuns.class);
    private static final int KEPT_ENDED_RUNS = 50;

    private final SparkSession spark;
    private final PipelineContext.Endpoints endpoints;
    private final Path checkpoints;
    private final Map<String, PipelineRun> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final Deque<PipelineRun> ended = new ArrayDeque<>();

    /** @param checkpoints the folder under which each pipeline keeps its streaming checkpoints */
    private final PipelineRunMetrics metrics = new PipelineRunMetrics(available().keySet());

    public PipelineRuns(SparkSession spark, PipelineContext.Endpoints endpoints, Path checkpoints) {
        this.spark = spark;
        this.endpoints = endpoints;
        this.checkpoints = checkpoints;
    }

    /** The pipelines there are, by name, with their description. */
    public static Map<String, String> available() {
        Map<String, String> pipelines = new java.util.TreeMap<>();
        Pipelines.all().forEach((name, pipeline) -> pipelines.put(name, pipeline.description()));
        return pipelines;
    }

    /**
     * Starts a run and returns at once.
     *
     * @throws IllegalArgumentException for an unknown pipeline
     * @throws dev.lakehouse.spark.pipeline.InvalidOptionException for an option the pipeline refuses
     * @throws IllegalStateException when that pipeline runs already
     */
    public PipelineRun start(String name, boolean untilIdle, Map<String, String> options, Consumer<String> progress) {
        return start(name, untilIdle, options, Optional.empty(), progress);
    }

    /**
     * Starts a run that writes on {@code branch} (its session's default catalog is that branch's), or on the
     * catalog's default branch when empty.
     *
     * @throws IllegalArgumentException for a stream on a branch other than the default one: its checkpoints would
     *                                  remember readings whose branch may never be merged
     */
    public PipelineRun start(String name, boolean untilIdle, Map<String, String> options, Optional<String> branch, Consumer<String> progress) {
        Pipeline pipeline = Pipelines.named(name);
        pipeline.checkOptions(options);
        if (branch.isPresent() && pipeline.streaming()) {
            throw new IllegalArgumentException(pipeline.name() + " is a stream: its checkpoints would remember what it wrote on branch "
                    + branch.get() + ", which may never be merged; run it on main");
        }
        PipelineRun run = new PipelineRun(UUID.randomUUID().toString(), pipeline.name(), options);
        PipelineRun other = running.putIfAbsent(pipeline.name(), run);
        if (other != null) {
            throw new IllegalStateException(pipeline.name() + " is running already (since " + other.startedAt()
                    + "); one run of a pipeline at a time");
        }
        SparkSession session = branch.map(b -> LakehouseSparkSessions.onBranch(spark, b)).orElseGet(spark::newSession);
        Thread thread = Thread.ofPlatform().name("pipeline-" + pipeline.name())
                .unstarted(() -> execute(run, pipeline, session, untilIdle, branch, progress));
        run.canceller = () -> {
            cancel(run, session);
            thread.interrupt();
        };
        metrics.started(pipeline.name());
        thread.start();
        return run;
    }

    private void execute(PipelineRun run, Pipeline pipeline, SparkSession session, boolean untilIdle, Optional<String> branch,
                         Consumer<String> progress) {
        long begin = System.nanoTime();
        PipelineRun.Outcome outcome;
        session.sparkContext().setJobGroup(run.id(), "pipeline " + pipeline.name(), true);
        try {
            LOG.info("pipeline {} run {} starting (options {})", pipeline.name(), run.id(), run.options());
            LakehouseSparkSessions.withActive(session, () -> {
                pipeline.run(new PipelineContext(session, endpoints, checkpoints.resolve(pipeline.name()), untilIdle, run.options(),
                        line -> {
                            LOG.info("{}: {}", pipeline.name(), line);
                            progress.accept(line);
                        }, branch));
                return null;
            });
            outcome = outcome(cancelled(run) ? PipelineRun.Status.CANCELLED : PipelineRun.Status.SUCCEEDED, "", begin);
        } catch (AuditFailedException e) {
            List<String> failures = e.failures().stream().map(AuditCheck.Outcome::describe).toList();
            outcome = new PipelineRun.Outcome(PipelineRun.Status.AUDIT_FAILED, e.getMessage() == null ? "the audit failed" : e.getMessage(),
                    Optional.of(e.branch()), failures, Duration.ofNanos(System.nanoTime() - begin));
        } catch (Throwable e) {
            if (cancelled(run)) {
                outcome = outcome(PipelineRun.Status.CANCELLED, "stopped on request", begin);
            } else {
                LOG.error("pipeline {} run {} failed", pipeline.name(), run.id(), e);
                outcome = outcome(PipelineRun.Status.FAILED, dev.lakehouse.runtime.ErrorText.firstLine(e), begin);
            }
        } finally {
            session.sparkContext().clearJobGroup();
            running.remove(pipeline.name(), run);
        }
        LOG.info("pipeline {} run {}: {} in {} ms", pipeline.name(), run.id(), outcome.status(), outcome.took().toMillis());
        metrics.ended(pipeline.name(), outcome);
        synchronized (ended) {
            ended.addFirst(run);
            while (ended.size() > KEPT_ENDED_RUNS) {
                ended.removeLast();
            }
        }
        run.outcome.complete(outcome);
    }

    private static boolean cancelled(PipelineRun run) {
        return run.cancelRequested;
    }

    private static void cancel(PipelineRun run, SparkSession session) {
        run.cancelRequested = true;
        for (StreamingQuery query : session.streams().active()) {
            try {
                query.stop();
            } catch (Exception e) {
                LOG.debug("stopping {} of run {}: {}", query.name(), run.id(), e.toString());
            }
        }
        session.sparkContext().cancelJobGroup(run.id());
    }

    private static PipelineRun.Outcome outcome(PipelineRun.Status status, String message, long begin) {
        return new PipelineRun.Outcome(status, message, Optional.empty(), List.of(), Duration.ofNanos(System.nanoTime() - begin));
    }

    /** How many runs ended how, and took how long, since this lakehouse started (for /metrics). */
    public PipelineRunMetrics metrics() {
        return metrics;
    }

    /** The runs under way, then the latest ended ones, newest first. */
    public List<PipelineRun> runs() {
        List<PipelineRun> runs = new ArrayList<>(running.values());
        synchronized (ended) {
            runs.addAll(ended);
        }
        return runs;
    }

    /** Stops every run under way and waits a little for each to end. */
    @Override
    public void close() {
        for (PipelineRun run : List.copyOf(running.values())) {
            run.cancel();
            try {
                run.outcome.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("pipeline {} run {} did not stop in time", run.pipeline(), run.id());
            }
        }
    }
}
