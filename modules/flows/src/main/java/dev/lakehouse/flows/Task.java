package dev.lakehouse.flows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a flow: what it does, the tasks it runs after, and how a failure is met (retries after a delay that
 * doubles each time, a timeout that counts as a failure).
 *
 * @param line where the task is defined in its flow file (0 for a flow built in Java)
 */
public record Task(String name, TaskAction action, List<String> after, int retries, Duration retryDelay,
                   Optional<Duration> timeout, int line) {
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(30);
    /** Airflow's cap on a retry's delay. */
    static final Duration MAX_RETRY_DELAY = Duration.ofDays(1);

    public Task {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        after = List.copyOf(after);
        if (retries < 0) {
            throw new IllegalArgumentException("retries: 0 or more");
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retry-delay: not negative");
        }
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The delay before attempt {@code attempt} (2 or more): the retry delay, doubled for each earlier retry. */
    public Duration delayBefore(int attempt) {
        long factor = 1L << Math.min(30, Math.max(0, attempt - 2));
        Duration delay = retryDelay.multipliedBy(factor);
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    /** A task to build, named {@code name}. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builds a {@link Task}: choose what it does, then how it runs. */
    public static final class Builder {
        private final String name;
        private TaskAction action;
        private List<String> after = List.of();
        private int retries;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private Duration timeout;

        Builder(String name) {
            this.name = name;
        }

        /** Runs a pipeline; a stream runs until its input is consumed. */
        public Builder pipeline(String pipeline, Map<String, String> pipelineOptions) {
            action = new TaskAction.Pipeline(pipeline, pipelineOptions, true);
            return this;
        }

        public Builder pipeline(String pipeline) {
            return pipeline(pipeline, Map.of());
        }

        /** Runs SQL on Trino. */
        public Builder sql(String statements) {
            return sql(statements, "trino");
        }

        public Builder sql(String statements, String engine) {
            action = new TaskAction.Sql(statements, engine);
            return this;
        }

        /** Runs a {@link FlowTask}. */
        public Builder java(Class<? extends FlowTask> type, Map<String, String> parameters) {
            action = new TaskAction.Java(type.getName(), parameters);
            return this;
        }

        public Builder java(Class<? extends FlowTask> type) {
            return java(type, Map.of());
        }

        /** Builds a SQL models project (dbt): {@code command} is build, run, test or seed. */
        public Builder models(String project, String command, Map<String, String> arguments) {
            action = new TaskAction.Models(project, command, arguments);
            return this;
        }

        public Builder after(String... tasks) {
            after = List.of(tasks);
            return this;
        }

        public Builder retries(int count) {
            retries = count;
            return this;
        }

        public Builder retryDelay(Duration delay) {
            retryDelay = delay;
            return this;
        }

        public Builder timeout(Duration limit) {
            timeout = limit;
            return this;
        }

        public Task build() {
            if (action == null) {
                throw new IllegalArgumentException("task " + name + " does nothing: give it a pipeline, sql, models or java action");
            }
            return new Task(name, action, after, retries, retryDelay, Optional.ofNullable(timeout), 0);
        }
    }
}
