package dev.lakehouse.flows;

import dev.lakehouse.runtime.Lakehouse;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a {@link FlowTask} runs with: the run's parameters, its own parameters from the flow, the lakehouse (its
 * Spark, Trino, catalog...), and a log whose lines the run's history keeps.
 */
public final class TaskContext {
    private final RunParameters run;
    private final String task;
    private final int attempt;
    private final Map<String, String> parameters;
    private final Lakehouse lakehouse;
    private final Consumer<String> log;

    TaskContext(RunParameters run, String task, int attempt, Map<String, String> parameters, Lakehouse lakehouse, Consumer<String> log) {
        this.run = run;
        this.task = task;
        this.attempt = attempt;
        this.parameters = Map.copyOf(parameters);
        this.lakehouse = lakehouse;
        this.log = log;
    }

    public RunParameters run() {
        return run;
    }

    public String task() {
        return task;
    }

    /** 1 for the first attempt, 2 for the first retry... */
    public int attempt() {
        return attempt;
    }

    /** A parameter the flow gives the task (templates in it already rendered). */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    public Lakehouse lakehouse() {
        return lakehouse;
    }

    /** A line for the task's log (kept with the attempt in the run's history). */
    public void log(String line) {
        log.accept(line);
    }
}
