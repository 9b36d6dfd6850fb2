package dev.lakehouse.flows;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a task does: one of the kinds a flow knows. */
public sealed interface TaskAction {
    /** The kind, as a flow file names it. */
    String kind();

    /**
     * Runs one of the lakehouse's pipelines (see {@code lakehouse pipeline list}) inside the lakehouse.
     *
     * @param untilIdle for a stream: stop once its input is consumed (a flow's task has to end)
     */
    record Pipeline(String pipeline, Map<String, String> options, boolean untilIdle) implements TaskAction {
        public Pipeline {
            Objects.requireNonNull(pipeline, "pipeline");
            options = Map.copyOf(options);
        }

        @Override
        public String kind() {
            return "pipeline";
        }
    }

    /** Runs SQL statements (separated by ';') on Trino or Spark, in one session. */
    record Sql(String statements, String engine) implements TaskAction {
        public Sql {
            Objects.requireNonNull(statements, "statements");
            if (!engine.equals("trino") && !engine.equals("spark")) {
                throw new IllegalArgumentException("engine: trino or spark, not '" + engine + "'");
            }
        }

        @Override
        public String kind() {
            return "sql";
        }
    }

    /**
     * Runs a class implementing {@link FlowTask}, found on the lakehouse's class path.
     *
     * @param parameters what the task reads with {@link TaskContext#parameter}
     */
    record Java(String className, Map<String, String> parameters) implements TaskAction {
        public Java {
            Objects.requireNonNull(className, "className");
            parameters = Map.copyOf(parameters);
        }

        @Override
        public String kind() {
            return "java";
        }
    }

    /**
     * Runs a SQL models project (a dbt project) with the models command: build, run, test or seed.
     *
     * @param arguments the rest of the command line: --select, --exclude, --engine, --schema, --full-refresh, --vars
     */
    record Models(String project, String command, Map<String, String> arguments) implements TaskAction {
        public Models {
            Objects.requireNonNull(project, "project");
            Objects.requireNonNull(command, "command");
            if (!List.of("build", "run", "test", "seed").contains(command)) {
                throw new IllegalArgumentException("command '" + command + "' is not one of build, run, test or seed");
            }
            if (arguments.containsKey("engine") && !List.of("trino", "spark").contains(arguments.get("engine"))) {
                throw new IllegalArgumentException("engine '" + arguments.get("engine") + "' is not trino or spark");
            }
            arguments = Map.copyOf(arguments);
        }

        @Override
        public String kind() {
            return "models";
        }
    }
}
