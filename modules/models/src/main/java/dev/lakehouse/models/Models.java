package dev.lakehouse.models;

import dev.lakehouse.models.engine.SparkEngine;
import dev.lakehouse.models.engine.SqlEngine;
import dev.lakehouse.models.engine.TrinoEngine;
import dev.lakehouse.models.engine.ViewCatalogs;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeType;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.Target;
import dev.lakehouse.models.run.Runner;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.spark.pipeline.NessieBranches;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * SQL models, the dbt role, for the rest of the lakehouse: runs a dbt-core 1.x project directory on this
 * lakehouse's Trino (catalog iceberg) or Spark (catalog lakehouse), on main or on a Nessie branch that is merged
 * into main in one commit only when every model and test passed.
 * <pre>{@code
 * ModelsResult result = Models.of(lakehouse).run(Path.of("shop"), ModelsOptions.of(Command.BUILD)
 *         .withBranch("models-1", true), System.out::println);
 * }</pre>
 * The output lines are dbt's. A mistake in the project (a ref to nothing, a cycle, bad Jinja or YAML, a ragged
 * seed) ends the run before anything is built, with one line naming the file and line.
 */
public final class Models {
    /** The sample project {@code lakehouse models init} writes (marts over the medallion's silver tables). */
    private static final String SAMPLE = "/dev/lakehouse/models/sample/";

    private final Lakehouse lakehouse;

    public Models(Lakehouse lakehouse) {
        this.lakehouse = lakehouse;
    }

    /**
     * The models of a lakehouse, as {@code Flows.of(lakehouse)} gives its flows. Not a method of {@link Lakehouse}:
     * the runtime is below this module and cannot know it.
     */
    public static Models of(Lakehouse lakehouse) {
        return new Models(lakehouse);
    }

    /** Runs {@code options.command()} on the project in {@code project}; see {@link #run(Path, ModelsOptions, Consumer, Cancellation)}. */
    public ModelsResult run(Path project, ModelsOptions options, Consumer<String> output) {
        return run(project, options, output, new Cancellation());
    }

    /**
     * Runs a command on a project, on the calling thread.
     *
     * @param output       dbt's output, line by line
     * @param cancellation stops the run from another thread
     * @return the outcome; never throws for a failure of the project or of a model
     */
    public ModelsResult run(Path project, ModelsOptions options, Consumer<String> output, Cancellation cancellation) {
        long begin = System.nanoTime();
        Path root = project.toAbsolutePath().normalize();
        String branch = options.branch();
        String catalog = catalog(options.engine(), branch);
        Project loaded;
        try {
            loaded = ProjectLoader.load(root, new Target(options.target(), options.engine().label(), catalog, options.schema()), options.vars());
        } catch (ModelsException e) {
            return refused(output, e.getMessage(), begin, branch, root);
        }
        output.accept(timed("Running with lakehouse models (dbt-core 1.x projects) on " + options.engine().label()
                + ", catalog " + catalog + (branch == null ? "" : " (branch " + branch + ")") + ", schema " + loaded.target().schema()));
        if (options.command() == ModelsOptions.Command.LS) {
            try {
                new Runner(loaded, null, options, output, cancellation).list().forEach(output);
                return new ModelsResult(true, false, List.of(), seconds(begin), branch, false, "", root.resolve(loaded.settings().targetPath()), false);
            } catch (ModelsException e) {
                return refused(output, e.getMessage(), begin, branch, root);
            }
        }

        boolean createdBranch = false;
        if (branch != null) {
            try {
                createdBranch = ensureBranch(branch, options.user());
                if (createdBranch) {
                    output.accept(timed("Created branch " + branch + " from main"));
                }
            } catch (Exception e) {
                return stopped(output, "cannot use branch " + branch + ": " + firstLine(e), begin, branch, root, false);
            }
        }
        Runner.Outcome outcome;
        Runner runner;
        try (SqlEngine engine = open(options, catalog)) {
            runner = new Runner(loaded, engine, options, output, cancellation);
            outcome = runner.run();
        } catch (SqlEngine.EngineException e) {
            return stopped(output, "cannot open a session on " + options.engine().label() + ": " + firstLine(e), begin, branch, root, false);
        } catch (ModelsException e) {
            return refused(output, e.getMessage(), begin, branch, root);
        } catch (IllegalStateException e) {
            return stopped(output, firstLine(e), begin, branch, root, false);
        }
        List<NodeResult> results = outcome.results();
        boolean success = outcome.success();
        String message = success ? "" : failedSummary(results, outcome.cancelled());
        boolean published = false;
        if (branch != null && options.publish()) {
            if (success) {
                try {
                    String head = publish(loaded, branch, createdBranch, options, output);
                    published = true;
                    output.accept(timed("Published branch " + branch + " to main in one commit" + (head == null ? "" : " (" + head + ")")
                            + (createdBranch ? "; branch " + branch + " deleted" : "")));
                } catch (Exception e) {
                    success = false;
                    message = "not published: " + firstLine(e) + "; main is unchanged";
                    output.accept(timed("Not published: " + firstLine(e) + ". Main is unchanged; the build stays on branch " + branch));
                }
            } else if (options.command() != ModelsOptions.Command.COMPILE) {
                message = message + "; not published: main is unchanged, the build stays on branch " + branch;
                output.accept(timed("Not published: " + failedSummary(results, outcome.cancelled()) + ". Main is unchanged; the build"
                        + " stays on branch " + branch + " to look at (lakehouse branch log " + branch + ")"));
            }
        }
        return new ModelsResult(success, outcome.cancelled(), results, seconds(begin), branch, published, message, runner.target(), false);
    }

    /** A run that ended before anything was built: dbt's "Encountered an error" and the one line. */
    private static ModelsResult refused(Consumer<String> output, String message, long begin, String branch, Path root) {
        return stopped(output, message, begin, branch, root, true);
    }

    /** @param projectError the project could not be read (exit 2), rather than the run could not start (exit 1) */
    private static ModelsResult stopped(Consumer<String> output, String message, long begin, String branch, Path root, boolean projectError) {
        output.accept(timed("Encountered an error:"));
        output.accept(timed(message));
        return new ModelsResult(false, false, List.of(), seconds(begin), branch, false, message, root.resolve("target"), projectError);
    }

    private static String failedSummary(List<NodeResult> results, boolean cancelled) {
        List<String> failed = new ArrayList<>();
        for (NodeResult result : results) {
            if (result.status().equals("error") || result.status().equals("fail")) {
                failed.add(result.name() + " (" + result.status() + ")");
            }
        }
        long skipped = results.stream().filter(r -> r.status().equals("skipped")).count();
        String text = failed.isEmpty() ? "" : String.join(", ", failed) + " failed";
        if (skipped > 0) {
            text = text + (text.isEmpty() ? "" : ", ") + skipped + " skipped";
        }
        if (cancelled) {
            text = "stopped" + (text.isEmpty() ? "" : ": " + text);
        }
        return text;
    }

    /** Trino's catalog for a branch is iceberg_BRANCH (lower case); Spark's is lakehouse_BRANCH. */
    static String catalog(ModelsOptions.Engine engine, String branch) {
        if (engine == ModelsOptions.Engine.TRINO) {
            return branch == null ? "iceberg" : "iceberg_" + branch.toLowerCase(Locale.ROOT);
        }
        return branch == null ? "lakehouse" : "lakehouse_" + branch;
    }

    private SqlEngine open(ModelsOptions options, String catalog) throws SqlEngine.EngineException {
        if (options.engine() == ModelsOptions.Engine.SPARK) {
            return SparkEngine.open(lakehouse.spark(), catalog);
        }
        TrinoEngine engine = TrinoEngine.connect(lakehouse.trinoJdbcUrl(), lakehouse.trinoJdbcProperties(), catalog, options.user());
        if (options.branch() != null) {
            awaitCatalog(engine, catalog);
        }
        return engine;
    }

    /** A branch made by another client gets its Trino catalog within seconds (BranchCatalogs looks every 3 s). */
    private static void awaitCatalog(TrinoEngine engine, String catalog) throws SqlEngine.EngineException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            try {
                engine.query("SELECT 1 FROM information_schema.schemata LIMIT 1");
                return;
            } catch (SqlEngine.EngineException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("catalog")) {
                    throw e;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlEngine.EngineException("interrupted while waiting for Trino's catalog " + catalog, e);
            }
        }
    }

    /** Makes the branch from main unless it exists; true when it made it. */
    private boolean ensureBranch(String branch, String user) throws IOException, InterruptedException {
        for (NessieBranches.Reference reference : lakehouse.branches().list()) {
            if (reference.name().equals(branch)) {
                if (!"BRANCH".equalsIgnoreCase(reference.type())) {
                    throw new IllegalArgumentException(branch + " is a " + reference.type().toLowerCase(Locale.ROOT) + ", not a branch");
                }
                return false;
            }
        }
        lakehouse.branches().create(branch, "main");
        return true;
    }

    /** Points the branch's views at main's catalog, merges the branch in one commit, deletes it when this run made it. */
    private String publish(Project project, String branch, boolean createdBranch, ModelsOptions options, Consumer<String> output)
            throws IOException, InterruptedException {
        pointViewsAtMain(project, branch, options);
        NessieBranches.Merge merge = lakehouse.branches().merge(branch, "main", options.user());
        if (createdBranch) {
            try {
                lakehouse.branches().delete(branch);
            } catch (Exception e) {
                output.accept(timed("[WARNING]: branch " + branch + " was merged but could not be deleted: " + firstLine(e)));
            }
        }
        return merge.head();
    }

    /**
     * Makes what a run built on {@code options.branch()} ready for a merge into main that someone else does (a flow's
     * run on a branch of its own merges once all its tasks succeeded): the project's views are pointed at main's
     * catalog. {@code --publish} does this itself.
     *
     * @throws ModelsException when the project cannot be read any more
     */
    public void readyForMain(Path project, ModelsOptions options) throws IOException {
        if (options.branch() == null) {
            return;
        }
        Project loaded = ProjectLoader.load(project.toAbsolutePath().normalize(), new Target(options.target(), options.engine().label(),
                catalog(options.engine(), options.branch()), options.schema()), options.vars());
        pointViewsAtMain(loaded, options.branch(), options);
    }

    /** Every view model of the project: an earlier run on the same branch may have built some of them. */
    private void pointViewsAtMain(Project project, String branch, ModelsOptions options) throws IOException {
        List<ViewCatalogs.ViewName> views = new ArrayList<>();
        for (Node node : project.nodes().values()) {
            if (node.type() == NodeType.MODEL && "view".equals(node.materialized())) {
                boolean trino = options.engine() == ModelsOptions.Engine.TRINO;
                views.add(new ViewCatalogs.ViewName(trino ? node.schema().toLowerCase(Locale.ROOT) : node.schema(),
                        trino ? node.alias().toLowerCase(Locale.ROOT) : node.alias()));
            }
        }
        ViewCatalogs.repoint(lakehouse.icebergRestUri(),
                java.util.Optional.ofNullable(lakehouse.endpoint("catalog", "iceberg").properties().get("token")), branch, views, catalog(options.engine(), null));
    }

    /**
     * Writes the sample project (marts over the medallion's silver tables: sources, a Jinja loop, a macro, an
     * incremental model, tests) into {@code directory}, which must be empty or absent.
     *
     * @return the files written, relative to the directory
     */
    public static List<String> writeSample(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(directory + " is not empty: give a new or empty folder");
                }
            }
        } else if (Files.exists(directory)) {
            throw new IllegalArgumentException(directory + " is a file: give a new or empty folder");
        }
        List<String> files = new ArrayList<>();
        String index;
        try (InputStream in = Models.class.getResourceAsStream(SAMPLE + "files.txt")) {
            if (in == null) {
                throw new IllegalStateException("the sample project is missing from the jar");
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String file : index.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            try (InputStream in = Models.class.getResourceAsStream(SAMPLE + file)) {
                if (in == null) {
                    throw new IllegalStateException("the sample project's " + file + " is missing from the jar");
                }
                Path target = directory.resolve(file);
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
                files.add(file);
            }
        }
        return files;
    }

    private static String timed(String text) {
        return java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + text;
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }

    private static String firstLine(Throwable e) {
        return dev.lakehouse.runtime.ErrorText.firstLine(e);
    }
}
