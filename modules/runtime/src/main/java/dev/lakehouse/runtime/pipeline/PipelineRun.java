package dev.lakehouse.runtime.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** One run of a pipeline inside the lakehouse: what runs, since when, and how it ended once it has. */
public final class PipelineRun {
    /** How a run ends. */
    public enum Status { RUNNING, SUCCEEDED, FAILED, AUDIT_FAILED, CANCELLED }

    /**
     * How a run ended.
     *
     * @param status SUCCEEDED, FAILED, AUDIT_FAILED or CANCELLED
     * @param message the failure's first line (empty when it succeeded)
     * @param auditBranch the branch a failed audit left for inspection
     * @param auditFailures the failed checks, one line each
     * @param took how long it ran
     */
    public record Outcome(Status status, String message, Optional<String> auditBranch, List<String> auditFailures, Duration took) {
        public Outcome {
            Objects.requireNonNull(message, "message");
            auditFailures = List.copyOf(auditFailures);
        }
    }

    private final String id;
    private final String pipeline;
    private final Map<String, String> options;
    private final Instant startedAt = Instant.now();
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    volatile Runnable canceller = () -> {
    };
    volatile boolean cancelRequested;

    PipelineRun(String id, String pipeline, Map<String, String> options) {
        this.id = id;
        this.pipeline = pipeline;
        this.options = Map.copyOf(options);
    }

    public String id() {
        return id;
    }

    public String pipeline() {
        return pipeline;
    }

    public Map<String, String> options() {
        return options;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** RUNNING until it ends. */
    public Status status() {
        return outcome.isDone() ? outcome.join().status() : Status.RUNNING;
    }

    /** Asks the run to stop: its streams stop, its Spark jobs are cancelled; {@link #await()} tells when it has. */
    public void cancel() {
        canceller.run();
    }

    /** Waits for the run to end. */
    public Outcome await() throws InterruptedException {
        try {
            return outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits at most that long for the run to end. */
    public Outcome await(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            return outcome.get(timeout, unit);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The outcome once it has ended. */
    public Optional<Outcome> result() {
        return outcome.isDone() ? Optional.of(outcome.join()) : Optional.empty();
    }
}
