package dev.lakehouse.client.cli;

import dev.lakehouse.client.ApiException;
import dev.lakehouse.client.EventStream;
import dev.lakehouse.client.LakehouseClient;
import dev.lakehouse.client.RunningLakehouse;
import dev.lakehouse.launcher.Invocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code lakehouse models ...}: a dbt project's SQL models, built inside the running lakehouse on its Trino or Spark
 * (the client sends the project folder's path: client and lakehouse share the machine), dbt's output streamed back.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        header = "Build a dbt project's SQL models on the lakehouse's Trino or Spark.",
        description = {"Runs a dbt-core 1.x project folder unchanged (no Python, no profiles.yml) inside the running lakehouse:"
                + " models, seeds and tests on Trino (catalog iceberg) or with --engine spark on Spark, into the schema"
                + " --schema or the project's name.",
                "With --branch the build happens on a Nessie branch; with --publish as well, the branch is merged into main"
                + " in one commit only if every model and test passed.",
                "Exit code 0: all passed; 1: something errored, failed or was skipped; 2: the project could not be read."},
        subcommands = {ModelsCommand.Build.class, ModelsCommand.Run.class, ModelsCommand.Test.class, ModelsCommand.Seed.class,
                ModelsCommand.Compile.class, ModelsCommand.Ls.class, ModelsCommand.Init.class})
public final class ModelsCommand {
    /** A dbt command on a project: the options dbt's command line has, sent to POST /api/models/runs. */
    abstract static class ProjectCommand extends ClientCommand {
        @Option(names = {"--project", "--project-dir"}, paramLabel = "DIR", defaultValue = ".",
                description = "The dbt project's folder (default: the working directory), where dbt_project.yml is.")
        Path project;

        @Option(names = {"-s", "--select", "-m", "--models"}, paramLabel = "SPEC", arity = "1..*",
                description = "What to run, as dbt selects: a name, +name, name+, path:DIR, tag:T, resource_type:T,"
                        + " a,b (both), a b (either).")
        List<String> select = new ArrayList<>();

        @Option(names = "--exclude", paramLabel = "SPEC", arity = "1..*", description = "What to leave out, same grammar.")
        List<String> exclude = new ArrayList<>();

        @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "trino",
                description = "trino (default) or spark: the same project gives the same tables on either.")
        String engine;

        @Option(names = "--schema", paramLabel = "S", description = "The schema models go to (default: the project's name);"
                + " a model's schema config makes S_CUSTOM.")
        String schema;

        @Option(names = "--branch", paramLabel = "B", description = "Build on this Nessie branch (made from main if missing).")
        String branch;

        @Option(names = "--publish", description = "With --branch: merge it into main in one commit if every model and test passed.")
        boolean publish;

        @Option(names = "--full-refresh", description = "Rebuild incremental models (and seeds) from scratch.")
        boolean fullRefresh;

        @Option(names = "--vars", paramLabel = "YAML", description = "Variables for var(), e.g. '{start_date: 2024-01-01}'.")
        String vars;

        @Option(names = {"-t", "--target"}, paramLabel = "NAME", description = "target.name in templates (default: dev).")
        String target;

        /** dbt's command: build, run, test, seed, compile or ls. */
        abstract String command();

        @Override
        protected Set<String> services() {
            if (command().equals("ls")) {
                return Set.of();
            }
            return Set.of("spark".equalsIgnoreCase(engine) ? "spark" : "trino");
        }

        @Override
        @SuppressWarnings("unchecked")
        protected int run(LakehouseClient client) throws Exception {
            if (publish && (branch == null || branch.isBlank())) {
                Terminal.error("--publish merges a branch into main: add --branch NAME (it is made from main if missing)");
                return ExitCodes.CONFIG;
            }
            if (!engine.equalsIgnoreCase("trino") && !engine.equalsIgnoreCase("spark")) {
                Terminal.error("--engine " + engine + ": trino or spark");
                return ExitCodes.CONFIG;
            }
            try (CancelOnInterrupt cancel = new CancelOnInterrupt(client)) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("operation", cancel.operationId());
                request.put("command", command());
                request.put("project", project.toAbsolutePath().normalize().toString());
                request.put("select", select);
                request.put("exclude", exclude);
                request.put("engine", engine.toLowerCase(java.util.Locale.ROOT));
                request.put("schema", schema);
                request.put("branch", branch);
                request.put("publish", publish);
                request.put("fullRefresh", fullRefresh);
                request.put("vars", vars);
                request.put("target", target);
                try (EventStream events = client.stream("/api/models/runs", request)) {
                    for (Optional<Map<String, Object>> event = events.next(); event.isPresent(); event = events.next()) {
                        Map<String, Object> e = event.get();
                        if (e.containsKey("line")) {
                            Terminal.OUT.println(e.get("line"));
                        } else if (e.containsKey("done")) {
                            Map<String, Object> done = (Map<String, Object>) e.get("done");
                            if (cancel.interrupted() || Boolean.TRUE.equals(done.get("cancelled"))) {
                                return ExitCodes.INTERRUPTED;
                            }
                            return done.get("exitCode") instanceof Number code ? code.intValue() : ExitCodes.FAILED;
                        } else if (e.containsKey("error")) {
                            Terminal.error(String.valueOf(((Map<String, Object>) e.get("error")).get("message")));
                            return ExitCodes.FAILED;
                        }
                    }
                }
                if (cancel.interrupted()) {
                    return ExitCodes.INTERRUPTED;
                }
                Terminal.error("models " + command() + ": the lakehouse stopped answering in the middle of the run (did it stop? its log says why)");
                return ExitCodes.FAILED;
            }
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true, header = "Seed, run and test everything selected, in graph order.",
            description = "A test that fails skips what is built on the model it tests.")
    static final class Build extends ProjectCommand {
        @Override
        String command() {
            return "build";
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, header = "Build the selected models.")
    static final class Run extends ProjectCommand {
        @Override
        String command() {
            return "run";
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, header = "Run the selected tests (generic and singular).")
    static final class Test extends ProjectCommand {
        @Override
        String command() {
            return "test";
        }
    }

    @Command(name = "seed", mixinStandardHelpOptions = true, header = "Load the selected seeds (CSV files) as tables.")
    static final class Seed extends ProjectCommand {
        @Override
        String command() {
            return "seed";
        }
    }

    @Command(name = "compile", mixinStandardHelpOptions = true, header = "Write the selected models' and tests' SQL to target/compiled.")
    static final class Compile extends ProjectCommand {
        @Override
        String command() {
            return "compile";
        }
    }

    @Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, header = "List the selected resources.")
    static final class Ls extends ProjectCommand {
        @Override
        String command() {
            return "ls";
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            header = "Write the sample project into a new folder.",
            description = "Marts over the medallion's silver tables (silver.customers, orders, order_items, products): sources,"
                    + " a Jinja loop, a macro, an incremental model and tests. Build it once the medallion pipeline has run"
                    + " (lakehouse demo, or lakehouse pipeline run medallion).")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "A new or empty folder.")
        Path directory;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() throws Exception {
            Path target = directory.toAbsolutePath().normalize();
            List<String> files;
            try {
                files = writeHere(target);
            } catch (ClassNotFoundException e) {
                // this small JVM does not carry the models module: the running lakehouse writes it, or the full one does
                ClientHost host = (ClientHost) spec.root().userObject();
                Optional<RunningLakehouse> running = RunningLakehouse.find(host.dataDir());
                if (running.isEmpty()) {
                    throw new ClientHost.RelaunchRequired();
                }
                try {
                    Map<String, Object> answer = new LakehouseClient(running.get()).post("/api/models/init", Map.of("directory", target.toString()));
                    files = (List<String>) answer.getOrDefault("files", List.of());
                } catch (ApiException refused) {
                    Terminal.error(refused.getMessage());
                    return ExitCodes.CONFIG;
                }
            } catch (IllegalArgumentException e) {
                Terminal.error(e.getMessage());
                return ExitCodes.CONFIG;
            }
            Path shown = Path.of("").toAbsolutePath().relativize(target);
            String project = shown.toString().isEmpty() ? "." : shown.toString().startsWith("..") ? target.toString() : shown.toString();
            Terminal.OUT.println("Wrote a dbt project to " + target + " (" + files.size() + " files): marts over the medallion's silver tables.");
            Terminal.OUT.println("Build it on the running lakehouse once the medallion pipeline has filled silver:");
            Terminal.OUT.println("  " + Invocation.command() + " models build --project " + project);
            Terminal.OUT.println("  " + Invocation.command() + " sql -e \"SELECT * FROM shop_marts.customer_revenue ORDER BY revenue DESC LIMIT 5\"");
            return ExitCodes.OK;
        }

        /** Writes the sample with the models module when this JVM has it (the full command line does). */
        @SuppressWarnings("unchecked")
        private static List<String> writeHere(Path target) throws Exception {
            Class<?> models = Class.forName("dev.lakehouse.models.Models", true, ModelsCommand.class.getClassLoader());
            try {
                return (List<String>) models.getMethod("writeSample", Path.class).invoke(null, target);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
    }

    private ModelsCommand() {
    }
}
