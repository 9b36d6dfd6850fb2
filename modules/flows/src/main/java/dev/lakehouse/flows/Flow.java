package dev.lakehouse.flows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A flow: a DAG of tasks, run on a schedule or by hand, each run with its logical date and data interval. Defined in
 * a YAML file of the flows directory, or in Java with {@link #builder(String)}.
 *
 * @param schedule when it runs by itself (empty: only when triggered or backfilled)
 * @param catchup on start, whether the intervals missed while the lakehouse was stopped are run (oldest first)
 * @param maxActiveRuns how many of its runs may run at once; more wait, queued
 * @param branchPerRun whether each run writes on a Nessie branch of its own, merged into main only when every task succeeded
 * @param pausedAtCreation whether a new flow starts paused (Airflow's default: a trainee unpauses what they mean to run)
 * @param source where it was defined: a file, or "java"
 */
public record Flow(String name, String description, Optional<Schedule> schedule, boolean catchup, int maxActiveRuns,
                   boolean branchPerRun, boolean pausedAtCreation, Map<String, Task> tasks, String source) {
    public Flow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(schedule, "schedule");
        tasks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new FlowDefinitionException("the flow name '" + name + "' may hold letters, digits, '_', '-' and '.'", 0);
        }
        if (name.equals("runs") || name.equals("branches")) {
            throw new FlowDefinitionException("'" + name + "' is a word of the flows' API, not a flow name", 0);
        }
        if (maxActiveRuns < 1) {
            throw new FlowDefinitionException("max-active-runs: 1 or more", 0);
        }
        if (tasks.isEmpty()) {
            throw new FlowDefinitionException("flow " + name + " has no tasks", 0);
        }
        for (Task task : tasks.values()) {
            for (String upstream : task.after()) {
                if (!tasks.containsKey(upstream)) {
                    throw new FlowDefinitionException("task " + task.name() + " runs after '" + upstream + "', which is no task of this flow"
                            + " (tasks: " + String.join(", ", tasks.keySet()) + ")", task.line());
                }
            }
        }
        List<String> cycle = cycle(tasks);
        if (!cycle.isEmpty()) {
            throw new FlowDefinitionException("the tasks run after each other in a circle: " + String.join(" -> ", cycle),
                    tasks.get(cycle.getFirst()).line());
        }
    }

    /** The tasks that run after {@code task} directly. */
    public List<String> downstream(String task) {
        return tasks.values().stream().filter(t -> t.after().contains(task)).map(Task::name).toList();
    }

    /** A cycle of "after" edges, as task names (the first repeated last), or empty. */
    private static List<String> cycle(Map<String, Task> tasks) {
        Map<String, Integer> state = new HashMap<>(); // 1: on the path, 2: done
        for (String start : tasks.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, tasks, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String task, Map<String, Task> tasks, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(task);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(task), path.size()));
            cycle.add(task);
            return cycle;
        }
        state.put(task, 1);
        path.add(task);
        for (String upstream : tasks.get(task).after()) {
            List<String> found = visit(upstream, tasks, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.removeLast();
        state.put(task, 2);
        return List.of();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link Flow} in Java (an IDE, a test); {@code Flows#register} makes the lakehouse run it. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String cron;
        private String timezone = "UTC";
        private boolean catchup;
        private int maxActiveRuns = 1;
        private boolean branchPerRun;
        private boolean paused;
        private final Map<String, Task> tasks = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
        }

        public Builder description(String text) {
            description = text;
            return this;
        }

        /** A cron expression or a preset (@hourly, @daily, @monthly...). */
        public Builder schedule(String expression) {
            cron = expression;
            return this;
        }

        public Builder timezone(String zone) {
            timezone = zone;
            return this;
        }

        public Builder catchup(boolean replayMissedIntervals) {
            catchup = replayMissedIntervals;
            return this;
        }

        public Builder maxActiveRuns(int runs) {
            maxActiveRuns = runs;
            return this;
        }

        /** Each run writes on a branch of its own, merged into main only when every task succeeded. */
        public Builder branchPerRun() {
            branchPerRun = true;
            return this;
        }

        /** Registered paused: it runs by itself once unpaused. */
        public Builder paused() {
            paused = true;
            return this;
        }

        public Builder task(Task.Builder task) {
            Task built = task.build();
            if (tasks.putIfAbsent(built.name(), built) != null) {
                throw new FlowDefinitionException("two tasks are named " + built.name(), 0);
            }
            return this;
        }

        public Flow build() {
            Optional<Schedule> schedule;
            try {
                schedule = Optional.ofNullable(cron).map(expression -> Schedule.of(expression, timezone));
            } catch (IllegalArgumentException e) {
                throw new FlowDefinitionException(e.getMessage(), 0);
            }
            return new Flow(name, description, schedule, catchup, maxActiveRuns, branchPerRun, paused, tasks, "java");
        }
    }
}
