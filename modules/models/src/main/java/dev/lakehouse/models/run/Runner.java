package dev.lakehouse.models.run;

import dev.lakehouse.models.Cancellation;
import dev.lakehouse.models.ModelsException;
import dev.lakehouse.models.ModelsOptions;
import dev.lakehouse.models.NodeResult;
import dev.lakehouse.models.engine.SqlEngine;
import dev.lakehouse.models.graph.Dag;
import dev.lakehouse.models.graph.Selector;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeType;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.SeedFile;
import dev.lakehouse.models.project.SourceTable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Runs a loaded project's selected nodes in graph order, one at a time, printing dbt's lines: seeds loaded,
 * models materialized, tests counted; a node whose parent errored (or, in build, whose model failed a test) is
 * skipped. Writes target/ as it goes and the artifacts at the end.
 */
public final class Runner {
    /** What a run did: each node's result, and whether it was stopped. */
    public record Outcome(List<NodeResult> results, boolean cancelled, double elapsed) {
        public boolean success() {
            return !cancelled && results.stream().noneMatch(NodeResult::failed);
        }
    }

    private final Project project;
    private final SqlEngine engine;
    private final ModelsOptions options;
    private final Consumer<String> output;
    private final Cancellation cancellation;
    private final Instant startedAt = Instant.now();
    private final String invocationId = UUID.randomUUID().toString();
    private final Artifacts artifacts;
    private final Map<String, String> compiledCode = new LinkedHashMap<>();
    private final Map<String, List<String>> injectedCtes = new HashMap<>();

    /**
     * @param engine null when only {@link #list()} or {@link #plan(Dag)} is called: they read the project, not the catalog
     */
    public Runner(Project project, SqlEngine engine, ModelsOptions options, Consumer<String> output, Cancellation cancellation) {
        this.project = project;
        this.engine = engine;
        this.options = options;
        this.output = output;
        this.cancellation = cancellation;
        this.artifacts = new Artifacts(project, project.settings().root().resolve(project.settings().targetPath()), invocationId, startedAt);
    }

    public Path target() {
        return artifacts.target();
    }

    private void say(String text) {
        output.accept(Lines.timed(text));
    }

    /** The nodes a command runs, in graph order. */
    public List<String> plan(Dag dag) {
        Set<String> selected = new Selector(project, dag).select(options.select(), options.exclude());
        List<String> runnable = new ArrayList<>();
        for (String id : selected) {
            Node node = project.node(id);
            if (node != null && runs(node)) {
                runnable.add(id);
            }
        }
        if (options.command() != ModelsOptions.Command.BUILD) {
            return dag.sorted(runnable);
        }
        // build: what reads a tested node waits for its tests, which may fail and skip it
        Map<String, Set<String>> afterTests = new HashMap<>();
        for (String id : runnable) {
            Node test = project.node(id);
            if (test.type() != NodeType.TEST) {
                continue;
            }
            for (String tested : test.dependsOn()) {
                for (String child : dag.children(tested)) {
                    Node reader = project.node(child);
                    if (reader != null && reader.type() != NodeType.TEST && !test.dependsOn().contains(child)) {
                        afterTests.computeIfAbsent(child, c -> new HashSet<>()).add(id);
                    }
                }
            }
        }
        return dag.sorted(runnable, afterTests);
    }

    private boolean runs(Node node) {
        return switch (options.command()) {
            case BUILD -> node.type() != NodeType.MODEL || !node.isEphemeral();
            case RUN -> node.type() == NodeType.MODEL && !node.isEphemeral();
            case TEST -> node.type() == NodeType.TEST;
            case SEED -> node.type() == NodeType.SEED;
            case COMPILE -> node.type() == NodeType.MODEL || node.type() == NodeType.TEST;
            case LS -> true;
        };
    }

    /** dbt ls: the selected resources as selectors (project.folder.name, source:project.source.table), sorted. */
    public List<String> list() {
        Dag dag = Dag.of(project);
        Set<String> selected = new Selector(project, dag).select(options.select(), options.exclude());
        TreeSet<String> lines = new TreeSet<>();
        for (String id : selected) {
            Node node = project.node(id);
            if (node != null) {
                lines.add(String.join(".", node.fqn()));
            }
            SourceTable source = project.sources().get(id);
            if (source != null) {
                lines.add("source:" + project.name() + "." + source.sourceName() + "." + source.name());
            }
        }
        try {
            artifacts.writeManifest(dag, Map.of(), Map.of(), project.target().type());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + artifacts.target() + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(lines);
    }

    public Outcome run() {
        long begin = System.nanoTime();
        Dag dag = Dag.of(project);
        List<String> plan = plan(dag);
        project.warnings().forEach(warning -> say("[WARNING]: " + warning));
        say(found());
        if (options.command() != ModelsOptions.Command.COMPILE) {
            output.accept("");
            say("Concurrency: 1 threads (target='" + project.target().name() + "')");
            output.accept("");
        }
        Relations relations = new Relations(engine);
        Compiler compiler = new Compiler(project, engine, relations, options.fullRefresh(), line -> say(line), invocationId);
        Materializer materializer = new Materializer(engine, relations, compiler);
        cancellation.onCancel(engine::cancel);

        List<Artifacts.Record> records = new ArrayList<>();
        Map<String, String> status = new HashMap<>();
        Set<String> failedTests = new HashSet<>();
        boolean cancelled = false;
        if (plan.isEmpty()) {
            say("Nothing to do. Try checking your model configs and model specification args");
        }
        int index = 0;
        for (String id : plan) {
            if (cancellation.cancelled()) {
                cancelled = true;
                break;
            }
            index++;
            Node node = project.node(id);
            if (options.command() == ModelsOptions.Command.COMPILE) {
                records.add(compileOnly(node, compiler));
                continue;
            }
            String skippedBecause = blocked(node, dag, status, failedTests);
            if (skippedBecause != null) {
                status.put(id, "skipped");
                say(Lines.fancy(index, plan.size(), skipLine(node), "SKIP", null));
                records.add(new Artifacts.Record(result(node, "skipped", "Skipped because " + skippedBecause, null, 0), null, null, null, null, null, null));
                continue;
            }
            say(Lines.fancy(index, plan.size(), "START " + describe(node), "RUN", null));
            Artifacts.Record record = execute(node, compiler, materializer);
            if (cancellation.cancelled() && record.result().status().equals("error")) {
                cancelled = true;
            }
            records.add(record);
            NodeResult result = record.result();
            status.put(id, result.status());
            if (node.type() == NodeType.TEST && (result.status().equals("fail") || result.status().equals("error"))) {
                failedTests.add(id);
            }
            say(Lines.fancy(index, plan.size(), resultLine(node, result), resultStatus(node, result), result.executionTime()));
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        List<NodeResult> results = records.stream().map(Artifacts.Record::result).toList();
        try {
            for (Map.Entry<String, String> compiled : compiledCode.entrySet()) {
                artifacts.writeCompiled(project.node(compiled.getKey()), compiled.getValue());
            }
            artifacts.writeManifest(dag, compiledCode, injectedCtes, engine.type());
            artifacts.writeRunResults(records, elapsed, args());
        } catch (IOException e) {
            say("[WARNING]: could not write " + artifacts.target() + ": " + e.getMessage());
        }
        summary(results, elapsed, cancelled);
        return new Outcome(results, cancelled, elapsed);
    }

    private Map<String, Object> args() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("which", options.command().label());
        args.put("select", options.select());
        args.put("exclude", options.exclude());
        args.put("full_refresh", options.fullRefresh());
        args.put("vars", options.vars());
        args.put("target", options.target());
        args.put("engine", options.engine().label());
        args.put("schema", project.target().schema());
        args.put("branch", options.branch());
        args.put("publish", options.publish());
        args.put("project_dir", project.settings().root().toString());
        return args;
    }

    private String found() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Node node : project.nodes().values()) {
            String what = switch (node.type()) {
                case MODEL -> "model";
                case SEED -> "seed";
                case TEST -> "data test";
                case SOURCE -> "source";
            };
            counts.merge(what, 1L, Long::sum);
        }
        List<String> parts = new ArrayList<>();
        for (String what : List.of("model", "seed", "data test")) {
            if (counts.containsKey(what)) {
                parts.add(Lines.plural(counts.get(what), what));
            }
        }
        if (!project.sources().isEmpty()) {
            parts.add(Lines.plural(project.sources().size(), "source"));
        }
        parts.add(Lines.plural(project.templates().projectMacros().size(), "macro"));
        return "Found " + String.join(", ", parts);
    }

    /** Why a node cannot run: a parent errored or was skipped, or (for a model) a test of its parent failed. */
    private String blocked(Node node, Dag dag, Map<String, String> status, Set<String> failedTests) {
        for (String parent : effectiveParents(node.uniqueId(), dag, new HashSet<>())) {
            String state = status.get(parent);
            if ("error".equals(state) || "skipped".equals(state)) {
                return "of " + ("error".equals(state) ? "an error in " : "skipping ") + parent;
            }
            if (node.type() != NodeType.TEST) {
                for (String test : failedTests) {
                    if (project.node(test).dependsOn().contains(parent)) {
                        return "test " + project.node(test).name() + " failed";
                    }
                }
            }
        }
        return null;
    }

    /** A node's parents, looking through ephemeral models (which never run) to what they read. */
    private Set<String> effectiveParents(String id, Dag dag, Set<String> seen) {
        Set<String> parents = new HashSet<>();
        for (String parent : dag.parents(id)) {
            Node node = project.node(parent);
            if (node != null && node.isEphemeral()) {
                if (seen.add(parent)) {
                    parents.addAll(effectiveParents(parent, dag, seen));
                }
            } else {
                parents.add(parent);
            }
        }
        return parents;
    }

    private Artifacts.Record compileOnly(Node node, Compiler compiler) {
        Instant start = Instant.now();
        long begin = System.nanoTime();
        try {
            Compiler.Compiled compiled = compiler.compile(node);
            compiledCode.put(node.uniqueId(), compiled.sql());
            injectedCtes.put(node.uniqueId(), compiled.ephemerals());
            return new Artifacts.Record(result(node, "success", null, null, seconds(begin)), start, Instant.now(), null, null, compiled.sql(), null);
        } catch (ModelsException e) {
            say("Compilation Error in " + node.type().label() + " " + node.name() + " (" + node.originalFilePath() + ")");
            say("  " + e.getMessage());
            return new Artifacts.Record(result(node, "error", e.getMessage(), null, seconds(begin)), start, Instant.now(), null, null, null, null);
        }
    }

    private Artifacts.Record execute(Node node, Compiler compiler, Materializer materializer) {
        long begin = System.nanoTime();
        Instant compileStart = Instant.now();
        Instant compileEnd = null;
        Instant executeStart = null;
        String sql = null;
        List<String> statements = List.of();
        try {
            Materializer.Outcome outcome;
            if (node.type() == NodeType.SEED) {
                SeedFile seed = node.seed();
                compileEnd = Instant.now();
                executeStart = compileEnd;
                outcome = materializer.seed(node, seed);
            } else {
                Compiler.Compiled compiled = compiler.compile(node);
                sql = compiled.sql();
                compiledCode.put(node.uniqueId(), sql);
                injectedCtes.put(node.uniqueId(), compiled.ephemerals());
                compileEnd = Instant.now();
                executeStart = compileEnd;
                outcome = node.type() == NodeType.TEST ? materializer.test(node, sql) : materializer.model(node, sql);
            }
            statements = outcome.statements();
            writeRun(node, statements);
            NodeResult result = result(node, outcome.status(), outcome.message(), outcome.failures(), seconds(begin));
            return new Artifacts.Record(result, compileStart, compileEnd, executeStart, Instant.now(), sql, outcome.response());
        } catch (ModelsException e) {
            return failure(node, begin, compileStart, compileEnd, executeStart, sql, "Compilation Error", e.getMessage());
        } catch (SqlEngine.EngineException e) {
            lastStatements = materializer.sent();
            writeRun(node, lastStatements);
            String where = locate(node, sql, e);
            String message = e.getMessage().lines().findFirst().orElse("").replaceFirst("^line \\d+:\\d+: ", "");
            return failure(node, begin, compileStart, compileEnd, executeStart, sql, "Database Error",
                    (cancellation.cancelled() ? "cancelled: " : "") + where + message);
        } catch (RuntimeException e) {
            return failure(node, begin, compileStart, compileEnd, executeStart, sql, "Runtime Error",
                    e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void writeRun(Node node, List<String> statements) {
        try {
            artifacts.writeRun(node, statements);
        } catch (IOException e) {
            // the run goes on without its record of statements
        }
    }

    /** "models/orders.sql:12: " for an engine error: the failing line mapped back to the file when it can be. */
    private String locate(Node node, String compiled, SqlEngine.EngineException e) {
        if (compiled == null || e.line() <= 0 || node.isGenericTest()) {
            return node.isGenericTest() ? node.originalFilePath() + ":" + node.line() + ": " : node.originalFilePath() + ": ";
        }
        // the line within the statement sent, back to the line of the compiled SQL inside it
        String body = Compiler.stripSemicolon(compiled);
        int compiledLine = e.line();
        for (String statement : lastStatements) {
            int at = statement.indexOf(body);
            if (at >= 0) {
                compiledLine = e.line() - (int) statement.substring(0, at).chars().filter(c -> c == '\n').count();
                break;
            }
        }
        int sourceLine = SourceLines.map(node.rawCode(), compiled, compiledLine);
        return node.originalFilePath() + (sourceLine > 0 ? ":" + sourceLine : "") + ": ";
    }

    private List<String> lastStatements = List.of();

    private Artifacts.Record failure(Node node, long begin, Instant compileStart, Instant compileEnd, Instant executeStart, String sql,
                                     String kind, String message) {
        NodeResult result = result(node, "error", kind + ": " + message, null, seconds(begin));
        Instant now = Instant.now();
        return new Artifacts.Record(result, compileStart, compileEnd == null ? now : compileEnd, executeStart,
                executeStart == null ? null : now, sql, null);
    }

    private NodeResult result(Node node, String status, String message, Long failures, double seconds) {
        String relation = node.type() == NodeType.TEST ? null : Artifacts.relationName(node.database(), node.schema(), node.alias());
        return new NodeResult(node.uniqueId(), node.name(), node.type().label(), status, message, failures, seconds, relation);
    }

    private static double seconds(long begin) {
        return (System.nanoTime() - begin) / 1e9;
    }

    private String shortRelation(Node node) {
        return node.schema() + "." + node.alias();
    }

    private String describe(Node node) {
        return switch (node.type()) {
            case MODEL -> "sql " + node.materialized() + " model " + shortRelation(node);
            case SEED -> "seed file " + shortRelation(node);
            case TEST -> "test " + node.name();
            case SOURCE -> "source " + node.name();
        };
    }

    private String skipLine(Node node) {
        return node.type() == NodeType.TEST ? "SKIP test " + node.name() : "SKIP relation " + shortRelation(node);
    }

    private String resultLine(Node node, NodeResult result) {
        return switch (node.type()) {
            case TEST -> switch (result.status()) {
                case "pass" -> "PASS " + node.name();
                case "warn" -> "WARN " + result.failures() + " " + node.name();
                case "fail" -> "FAIL " + result.failures() + " " + node.name();
                default -> "ERROR " + node.name();
            };
            case SEED -> (result.status().equals("error") ? "ERROR loading" : "OK loaded") + " seed file " + shortRelation(node);
            default -> (result.status().equals("error") ? "ERROR creating " : "OK created ") + describe(node);
        };
    }

    private String resultStatus(Node node, NodeResult result) {
        return switch (result.status()) {
            case "pass" -> "PASS";
            case "warn" -> "WARN " + result.failures();
            case "fail" -> "FAIL " + result.failures();
            case "error" -> "ERROR";
            default -> result.message() == null ? "OK" : result.message();
        };
    }

    private void summary(List<NodeResult> results, double elapsed, boolean cancelled) {
        if (options.command() == ModelsOptions.Command.COMPILE) {
            long errors = results.stream().filter(r -> r.status().equals("error")).count();
            say("Compiled " + Lines.plural(results.size() - errors, "node") + " into " + artifacts.target().resolve("compiled")
                    + (errors == 0 ? "" : "; " + Lines.plural(errors, "error")));
            return;
        }
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (NodeResult result : results) {
            Node node = project.node(result.uniqueId());
            String kind = switch (node.type()) {
                case MODEL -> node.materialized() + " model";
                case SEED -> "seed";
                case TEST -> "data test";
                case SOURCE -> "source";
            };
            kinds.merge(kind, 1L, Long::sum);
        }
        List<String> parts = new ArrayList<>();
        kinds.forEach((kind, count) -> parts.add(Lines.plural(count, kind)));
        output.accept("");
        say("Finished running " + (parts.isEmpty() ? "nothing" : String.join(", ", parts)) + " in " + Lines.elapsed(elapsed) + ".");
        long pass = results.stream().filter(r -> r.status().equals("success") || r.status().equals("pass")).count();
        long warn = results.stream().filter(r -> r.status().equals("warn")).count();
        long error = results.stream().filter(r -> r.status().equals("error") || r.status().equals("fail")).count();
        long skip = results.stream().filter(r -> r.status().equals("skipped")).count();
        output.accept("");
        if (cancelled) {
            say("Exited because of keyboard interrupt");
        } else if (error > 0) {
            say("Completed with " + Lines.plural(error, "error") + ", 0 partial successes, and " + Lines.plural(warn, "warning") + ":");
        } else if (warn > 0) {
            say("Completed with " + Lines.plural(warn, "warning") + ":");
        } else {
            say("Completed successfully");
        }
        for (NodeResult result : results) {
            Node node = project.node(result.uniqueId());
            if (result.status().equals("error") || result.status().equals("fail") || result.status().equals("warn")) {
                output.accept("");
                String where = node.type().label() + " " + node.name() + " (" + node.originalFilePath() + ")";
                if (result.status().equals("error")) {
                    String message = result.message();
                    int colon = message.indexOf(": ");
                    say(message.substring(0, colon) + " in " + where);
                    say("  " + message.substring(colon + 2));
                } else {
                    say((result.status().equals("warn") ? "Warning" : "Failure") + " in " + where);
                    say("  " + result.message());
                }
                if (compiledCode.containsKey(node.uniqueId())) {
                    output.accept("");
                    say("  compiled code at " + project.settings().root().relativize(artifacts.compiledPath(node)));
                }
            }
        }
        output.accept("");
        say(String.format(Locale.ROOT, "Done. PASS=%d WARN=%d ERROR=%d SKIP=%d NO-OP=0 TOTAL=%d", pass, warn, error, skip, results.size()));
    }
}
