package dev.lakehouse.models.project;

import dev.lakehouse.models.ModelsException;
import dev.lakehouse.models.graph.Dag;
import dev.lakehouse.models.jinja.ConfigObject;
import dev.lakehouse.models.jinja.JinjaHost;
import dev.lakehouse.models.jinja.Relation;
import dev.lakehouse.models.jinja.RenderContext;
import dev.lakehouse.models.jinja.Templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a dbt project directory the way dbt parses it: dbt_project.yml, macros, models, seeds, singular tests,
 * properties files (sources, patches, generic tests), each model rendered once with execute false to learn its
 * refs, sources and config(); then configs merged, relation names generated, refs resolved and the graph checked.
 * Any mistake is one {@link ModelsException} naming its file and line, before anything runs.
 */
public final class ProjectLoader {
    /** A test argument that is a call (ref('x'), source('a','b'), var, env_var, doc) is evaluated, as dbt does. */
    private static final Pattern LOOKS_LIKE_CALL = Pattern.compile("^\\s*(env_var|ref|var|source|doc)\\s*\\(.+\\)\\s*$", Pattern.DOTALL);
    private static final Pattern GENERIC_TEST_BLOCK = Pattern.compile("\\{%-?\\s*test\\s+\\w+\\s*\\(");
    private static final Set<String> TEST_CONFIG_ARGS = Set.of("severity", "tags", "enabled", "where", "limit", "warn_if",
            "error_if", "fail_calc", "store_failures", "store_failures_as", "meta", "database", "schema", "alias");
    private static final Set<String> MATERIALIZATIONS = Set.of("view", "table", "incremental", "ephemeral");

    private final Path root;
    private final Target target;
    private final Map<String, Object> cliVars;
    private Project project;
    private Templates templates;
    private Relation.Naming naming;
    private final ParseHost host = new ParseHost();

    private ProjectLoader(Path root, Target target, Map<String, Object> cliVars) {
        this.root = root;
        this.target = target;
        this.cliVars = cliVars;
    }

    /**
     * Loads the project in {@code root} for a target.
     *
     * @param target  the engine, catalog and default schema; its schema null means the project's name
     * @param cliVars --vars
     * @throws ModelsException naming the file and line of the first mistake
     */
    public static Project load(Path root, Target target, Map<String, Object> cliVars) {
        return new ProjectLoader(root.toAbsolutePath().normalize(), target, cliVars).load();
    }

    private Project load() {
        Path file = root.resolve(DbtProject.FILE);
        if (!Files.isRegularFile(file)) {
            throw ModelsException.of("no " + DbtProject.FILE + " in " + root + ": --project must be the folder of a dbt project"
                    + " (lakehouse models init DIR writes a sample one)");
        }
        DbtProject settings = DbtProject.of(root, YamlFiles.parse(read(file), DbtProject.FILE));
        Target resolved = new Target(target.name(), target.type(), target.database(),
                target.schema() == null || target.schema().isBlank() ? settings.name() : target.schema());
        templates = new Templates();
        naming = new Relation.Naming("spark".equals(resolved.type()) ? '`' : '"', resolved.database());
        project = new Project(settings, templates, resolved, cliVars);
        unsupported(settings);

        for (String folder : settings.macroPaths()) {
            for (Path macro : files(folder, ".sql")) {
                templates.addMacroFile(read(macro), relative(macro));
            }
        }
        List<Path> singularTests = new ArrayList<>();
        for (String folder : settings.testPaths()) {
            for (Path test : files(folder, ".sql")) {
                String text = read(test);
                if (GENERIC_TEST_BLOCK.matcher(text).find()) {
                    templates.addMacroFile(text, relative(test));
                } else {
                    singularTests.add(test);
                }
            }
        }
        for (String folder : settings.docsPaths()) {
            for (Path docs : files(folder, ".md")) {
                templates.addDocsFile(read(docs), relative(docs));
            }
        }

        Map<String, Node> all = new LinkedHashMap<>();
        for (String folder : settings.modelPaths()) {
            for (Path model : files(folder, ".sql")) {
                add(all, fileNode(NodeType.MODEL, folder, model, read(model)));
            }
            for (Path python : files(folder, ".py")) {
                project.warnings.add(relative(python) + ": Python models are not run by this runner; skipped");
            }
        }
        for (String folder : settings.seedPaths()) {
            for (Path seed : files(folder, ".csv")) {
                add(all, fileNode(NodeType.SEED, folder, seed, ""));
            }
        }
        for (Path test : singularTests) {
            String folder = settings.testPaths().stream().filter(f -> test.startsWith(root.resolve(f))).findFirst().orElseThrow();
            add(all, fileNode(NodeType.TEST, folder, test, read(test)));
        }

        // properties files: patches first (descriptions, columns, config), generic tests once every node is known
        List<PendingTest> pendingTests = new ArrayList<>();
        Set<String> propertyFolders = new java.util.LinkedHashSet<>();
        propertyFolders.addAll(settings.modelPaths());
        propertyFolders.addAll(settings.seedPaths());
        propertyFolders.addAll(settings.testPaths());
        propertyFolders.addAll(settings.macroPaths());
        for (String folder : propertyFolders) {
            List<Path> yamls = new ArrayList<>(files(folder, ".yml"));
            yamls.addAll(files(folder, ".yaml"));
            yamls.sort(null);
            for (Path yaml : yamls) {
                readProperties(folder, yaml, all, pendingTests);
            }
        }

        // configuration and the parse rendering (execute false): refs, sources, config() calls
        for (Node node : all.values()) {
            NodeConfig config = NodeConfig.defaults(node.type());
            ConfigTree tree = switch (node.type()) {
                case MODEL -> settings.models();
                case SEED -> settings.seeds();
                default -> settings.tests();
            };
            tree.apply(node.fqn().subList(0, node.fqn().size()), config);
            config.merge(node.propertiesConfig);
            node.config = config;
            if (node.type() == NodeType.MODEL || node.type() == NodeType.TEST) {
                RenderContext context = new RenderContext(RenderContext.Phase.PARSE, node.originalFilePath(), host, node);
                templates.render(node.rawCode(), context, parseBindings(node, context));
                node.fileConfig.putAll(context.configCalls());
                node.refs.addAll(context.refs());
                node.sourceCalls.addAll(context.sources());
                config.merge(node.fileConfig);
            }
        }
        for (Node node : all.values()) {
            (node.config.enabled() ? project.nodes : project.disabled).put(node.uniqueId(), node);
            if (node.type() == NodeType.SEED && node.config.enabled()) {
                // read now: a ragged row is a mistake in the project, reported before anything is built
                node.seed = SeedFile.read(read(root.resolve(node.originalFilePath())), node.originalFilePath(), node.config.columnTypes());
            }
        }
        for (PendingTest pending : pendingTests) {
            addGenericTest(pending);
        }
        for (Node node : project.nodes.values()) {
            name(node);
        }
        for (Node node : project.nodes.values()) {
            checkMaterialization(node);
            resolve(node);
        }
        Dag.of(project);
        return project;
    }

    /** What dbt would do and this runner does not: said once, as a warning, rather than silently skipped. */
    private void unsupported(DbtProject settings) {
        for (String key : List.of("on-run-start", "on-run-end")) {
            if (settings.raw().containsKey(key)) {
                project.warnings.add(DbtProject.FILE + ":" + settings.raw().line(key) + ": " + key + " hooks are not run by this runner");
            }
        }
        for (String file : List.of("packages.yml", "dependencies.yml")) {
            if (Files.exists(root.resolve(file))) {
                project.warnings.add(file + ": packages are not installed by this runner; refs and macros of packages will not be found");
            }
        }
        for (String folder : settings.raw().containsKey("snapshot-paths") ? List.<String>of() : List.of("snapshots")) {
            if (!files(folder, ".sql").isEmpty()) {
                project.warnings.add(folder + "/: snapshots are not run by this runner");
            }
        }
    }

    // --- files ---------------------------------------------------------------------------------------------

    private List<Path> files(String folder, String extension) {
        Path dir = root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(extension))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ModelsException.of("cannot read " + file + ": " + e.getMessage());
        }
    }

    private Node fileNode(NodeType type, String folder, Path file, String rawCode) {
        String inFolder = root.resolve(folder).relativize(file).toString().replace('\\', '/');
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.lastIndexOf('.'));
        List<String> fqn = new ArrayList<>();
        fqn.add(project.name());
        String[] parts = inFolder.split("/");
        fqn.addAll(List.of(parts).subList(0, parts.length - 1));
        fqn.add(name);
        return new Node(type, type.label() + "." + project.name() + "." + name, name, project.name(), fqn, relative(file), inFolder, rawCode);
    }

    private void add(Map<String, Node> all, Node node) {
        Node existing = all.get(node.uniqueId());
        if (existing != null) {
            throw ModelsException.in(node.originalFilePath(), 1, "two " + node.type().label() + "s are named " + node.name()
                    + " (this file and " + existing.originalFilePath() + "): names must be unique in a project");
        }
        if (node.type() != NodeType.TEST) {
            String other = (node.type() == NodeType.MODEL ? "seed." : "model.") + project.name() + "." + node.name();
            if (all.containsKey(other)) {
                throw ModelsException.in(node.originalFilePath(), 1, "a model and a seed are both named " + node.name()
                        + " (" + all.get(other).originalFilePath() + "): ref('" + node.name() + "') could not tell them apart");
            }
        }
        all.put(node.uniqueId(), node);
    }

    // --- properties files ----------------------------------------------------------------------------------

    private record PendingTest(Object spec, String targetKind, String targetName, String sourceTable, String columnName,
                               String file, String folder, int line) {
    }

    private void readProperties(String folder, Path path, Map<String, Node> all, List<PendingTest> pendingTests) {
        String file = relative(path);
        YamlMap yaml = YamlFiles.parse(read(path), file);
        for (String kind : List.of("models", "seeds")) {
            YamlList entries = yaml.list(kind);
            for (int i = 0; i < entries.size(); i++) {
                if (!(entries.get(i) instanceof YamlMap entry)) {
                    throw ModelsException.in(file, entries.line(i), "each entry of " + kind + ": must be a mapping with a name:");
                }
                String name = entry.text("name");
                if (name == null) {
                    throw entry.error("each entry of " + kind + ": needs a name:");
                }
                NodeType type = kind.equals("models") ? NodeType.MODEL : NodeType.SEED;
                Node node = all.get(type.label() + "." + project.name() + "." + name);
                if (node == null) {
                    project.warnings.add(file + ":" + entry.line() + ": properties for " + type.label() + " '" + name
                            + "', which is not in the project");
                    continue;
                }
                if (node.patchPath != null) {
                    throw entry.error("name", type.label() + " '" + name + "' is described twice: here and in " + node.patchPath);
                }
                node.patchPath = file;
                node.description = description(entry, file);
                entry.map("config").forEach((k, v) -> node.propertiesConfig.put(String.valueOf(k), v));
                readColumns(entry, file, node.columns);
                for (PendingTest test : tests(entry, file, folder, kind, name, null, null)) {
                    pendingTests.add(test);
                }
                YamlList columns = entry.list("columns");
                for (int c = 0; c < columns.size(); c++) {
                    if (columns.get(c) instanceof YamlMap column && column.text("name") != null) {
                        pendingTests.addAll(tests(column, file, folder, kind, name, null, column.text("name")));
                    }
                }
            }
        }
        YamlList sources = yaml.list("sources");
        for (int i = 0; i < sources.size(); i++) {
            if (!(sources.get(i) instanceof YamlMap source) || source.text("name") == null) {
                throw ModelsException.in(file, sources.line(i), "each entry of sources: must be a mapping with a name:");
            }
            String sourceName = source.text("name");
            String schema = source.text("schema", sourceName);
            String database = source.text("database", source.text("catalog", target.database()));
            YamlList tables = source.list("tables");
            for (int t = 0; t < tables.size(); t++) {
                if (!(tables.get(t) instanceof YamlMap table) || table.text("name") == null) {
                    throw ModelsException.in(file, tables.line(t), "each table of source " + sourceName + " must be a mapping with a name:");
                }
                String tableName = table.text("name");
                String id = "source." + project.name() + "." + sourceName + "." + tableName;
                if (project.sources.containsKey(id)) {
                    throw table.error("name", "source " + sourceName + "." + tableName + " is defined twice (also in "
                            + project.sources.get(id).file() + ")");
                }
                Map<String, Node.Column> columns = new LinkedHashMap<>();
                readColumns(table, file, columns);
                List<String> fqn = new ArrayList<>();
                fqn.add(project.name());
                String inFolder = root.resolve(folder).relativize(path).toString().replace('\\', '/');
                String[] parts = inFolder.split("/");
                fqn.addAll(List.of(parts).subList(0, parts.length - 1));
                fqn.add(sourceName);
                fqn.add(tableName);
                List<String> tags = new ArrayList<>();
                source.list("tags").forEach(tag -> tags.add(String.valueOf(tag)));
                table.list("tags").forEach(tag -> tags.add(String.valueOf(tag)));
                Map<String, Object> meta = new LinkedHashMap<>();
                source.map("meta").forEach((k, v) -> meta.put(String.valueOf(k), v));
                table.map("meta").forEach((k, v) -> meta.put(String.valueOf(k), v));
                project.sources.put(id, new SourceTable(id, sourceName, tableName, table.text("identifier", tableName),
                        schema, database, description(table, file), description(source, file), source.text("loader", ""),
                        columns, tags, meta, fqn, file, table.line()));
                pendingTests.addAll(tests(table, file, folder, "sources", sourceName, tableName, null));
                YamlList tableColumns = table.list("columns");
                for (int c = 0; c < tableColumns.size(); c++) {
                    if (tableColumns.get(c) instanceof YamlMap column && column.text("name") != null) {
                        pendingTests.addAll(tests(column, file, folder, "sources", sourceName, tableName, column.text("name")));
                    }
                }
            }
        }
    }

    private String description(YamlMap entry, String file) {
        String description = entry.text("description", "");
        if (description.contains("{{") || description.contains("{%")) {
            RenderContext context = new RenderContext(RenderContext.Phase.PARSE, file, host, null);
            return templates.render(description, context, Map.of("target", project.target().asMap()));
        }
        return description;
    }

    private void readColumns(YamlMap entry, String file, Map<String, Node.Column> into) {
        YamlList columns = entry.list("columns");
        for (int c = 0; c < columns.size(); c++) {
            if (!(columns.get(c) instanceof YamlMap column) || column.text("name") == null) {
                throw ModelsException.in(file, columns.line(c), "each column must be a mapping with a name:");
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            column.map("meta").forEach((k, v) -> meta.put(String.valueOf(k), v));
            List<String> tags = new ArrayList<>();
            column.list("tags").forEach(tag -> tags.add(String.valueOf(tag)));
            String name = column.text("name");
            into.put(name, new Node.Column(name, description(column, file), column.text("data_type"), meta, tags));
        }
    }

    private List<PendingTest> tests(YamlMap entry, String file, String folder, String kind, String name, String table, String column) {
        if (entry.containsKey("tests") && entry.containsKey("data_tests")) {
            throw entry.error("tests", "both tests: and data_tests: here (they are the same thing; keep data_tests:)");
        }
        String key = entry.containsKey("data_tests") ? "data_tests" : "tests";
        YamlList specs = entry.list(key);
        List<PendingTest> tests = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            tests.add(new PendingTest(specs.get(i), kind, name, table, column, file, folder, specs.line(i)));
        }
        return tests;
    }

    // --- generic tests -------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void addGenericTest(PendingTest pending) {
        String testName;
        Map<String, Object> args;
        if (pending.spec() instanceof String text) {
            testName = text;
            args = new LinkedHashMap<>();
        } else if (pending.spec() instanceof Map<?, ?> map) {
            Map<String, Object> spec = new LinkedHashMap<>();
            map.forEach((k, v) -> spec.put(String.valueOf(k), v));
            if (spec.containsKey("test_name")) {
                testName = String.valueOf(spec.remove("test_name"));
                args = spec;
            } else if (spec.size() == 1) {
                var only = spec.entrySet().iterator().next();
                testName = only.getKey();
                if (only.getValue() == null) {
                    args = new LinkedHashMap<>();
                } else if (only.getValue() instanceof Map<?, ?> given) {
                    args = new LinkedHashMap<>();
                    given.forEach((k, v) -> args.put(String.valueOf(k), v));
                } else {
                    throw ModelsException.in(pending.file(), pending.line(), "the arguments of test '" + testName
                            + "' must be a mapping (key: value lines), not " + only.getValue());
                }
            } else {
                throw ModelsException.in(pending.file(), pending.line(), "a test must be a name, or a mapping with one key (the test's name)"
                        + " holding its arguments; found keys " + spec.keySet());
            }
        } else {
            throw ModelsException.in(pending.file(), pending.line(), "a test must be a name (unique) or a mapping (accepted_values: {values: [...]})");
        }
        String namespace = null;
        int dot = testName.indexOf('.');
        if (dot > 0) {
            namespace = testName.substring(0, dot);
            testName = testName.substring(dot + 1);
            if (!namespace.equals(project.name())) {
                throw ModelsException.in(pending.file(), pending.line(), "test '" + namespace + "." + testName + "' comes from package "
                        + namespace + ": packages (packages.yml, dbt deps) are not supported; copy the test into the project's macros");
            }
        }
        if (!templates.hasMacro("test_" + testName)) {
            throw ModelsException.in(pending.file(), pending.line(), "unknown test '" + testName + "': dbt's are unique, not_null,"
                    + " accepted_values and relationships; a project's own is a {% test " + testName + "(model, column_name) %} block");
        }
        // configs: at the top of the test's arguments or under config:, as dbt reads them
        Map<String, Object> config = new LinkedHashMap<>();
        Map<String, Object> nested = args.get("config") instanceof Map<?, ?> c ? new LinkedHashMap<>((Map<String, Object>) c) : new LinkedHashMap<>();
        for (String key : TEST_CONFIG_ARGS) {
            Object value = args.remove(key);
            if (value != null && nested.containsKey(key)) {
                throw ModelsException.in(pending.file(), pending.line(), "test '" + testName + "' sets " + key + " twice (at the top and under config:)");
            }
            if (value == null) {
                value = nested.remove(key);
            }
            if (value != null) {
                config.put(key, value);
            }
        }
        nested.forEach(config::put);
        args.remove("config");
        if (args.get("arguments") instanceof Map<?, ?> arguments) {
            args.remove("arguments");
            arguments.forEach((k, v) -> args.put(String.valueOf(k), v));
        }
        String customName = args.containsKey("name") ? String.valueOf(args.remove("name")) : null;
        if (pending.columnName() != null) {
            args.put("column_name", pending.columnName());
        }

        // what the test is attached to
        String targetId;
        String targetName;
        String modelArg;
        boolean onSource = pending.targetKind().equals("sources");
        if (onSource) {
            targetId = "source." + project.name() + "." + pending.targetName() + "." + pending.sourceTable();
            targetName = pending.targetName() + "_" + pending.sourceTable();
            modelArg = "{{ get_where_subquery(source('" + pending.targetName() + "', '" + pending.sourceTable() + "')) }}";
        } else {
            NodeType type = pending.targetKind().equals("models") ? NodeType.MODEL : NodeType.SEED;
            targetId = type.label() + "." + project.name() + "." + pending.targetName();
            targetName = pending.targetName();
            modelArg = "{{ get_where_subquery(ref('" + pending.targetName() + "')) }}";
            if (!project.nodes.containsKey(targetId)) {
                return;   // the model is disabled: so are its tests
            }
        }

        String prefix = (namespace != null ? namespace + "_" : "") + (onSource ? "source_" : "") + testName;
        String[] names = syntheticNames(prefix, targetName, args);
        String fullName = customName != null ? customName : names[1];
        if (customName == null && !names[0].equals(names[1]) && !config.containsKey("alias")) {
            config.put("alias", names[0]);
        }
        List<String> fqn = new ArrayList<>();
        fqn.add(project.name());
        String inFolder = pending.file().substring(pending.folder().length() + 1);
        String[] parts = inFolder.split("/");
        fqn.addAll(List.of(parts).subList(0, parts.length - 1));
        fqn.add(fullName);
        Map<String, Object> kwargs = new TreeMap<>(args);
        String uniqueId = "test." + project.name() + "." + fullName + "." + hash(fullName + kwargs);
        if (project.nodes.containsKey(uniqueId)) {
            throw ModelsException.in(pending.file(), pending.line(), "the same test is declared twice on " + targetName
                    + " (give one a name: to tell them apart)");
        }
        StringBuilder configCall = new StringBuilder();
        config.forEach((k, v) -> configCall.append(configCall.isEmpty() ? "" : ",").append(k).append("=")
                .append(v instanceof String s ? "\"" + s.replace("\"", "\\\"") + "\"" : String.valueOf(v)));
        String rawCode = "{{ test_" + testName + "(**_dbt_generic_test_kwargs) }}"
                + (configCall.isEmpty() ? "" : "{{ config(" + configCall + ") }}");
        Node test = new Node(NodeType.TEST, uniqueId, fullName, project.name(), fqn, pending.file(), inFolder, rawCode);
        test.line = pending.line();
        Map<String, Object> metadataKwargs = new LinkedHashMap<>(args);
        metadataKwargs.put("model", modelArg);
        test.testMetadata = new Node.TestMetadata(testName, namespace, metadataKwargs);
        test.columnName = pending.columnName();
        test.attachedNode = onSource ? null : targetId;
        NodeConfig merged = NodeConfig.defaults(NodeType.TEST);
        project.settings().tests().apply(fqn, merged);
        merged.merge(config);
        test.config = merged;
        if (!merged.enabled()) {
            project.disabled.put(uniqueId, test);
            return;
        }
        // the arguments' refs and sources are the test's parents too
        test.dependsOn.add(targetId);
        RenderContext context = new RenderContext(RenderContext.Phase.PARSE, pending.file(), host, test);
        evaluateArguments(args, pending.line(), context, parseBindings(test, context));
        test.refs.addAll(context.refs());
        test.sourceCalls.addAll(context.sources());
        if (onSource && !project.sources.containsKey(targetId)) {
            throw ModelsException.in(pending.file(), pending.line(), "no source " + pending.targetName() + "." + pending.sourceTable());
        }
        project.nodes.put(uniqueId, test);
    }

    /**
     * Evaluates a generic test's arguments as dbt does: a value that looks like a call (ref('x')) is evaluated to
     * its value, a value with Jinja in it is rendered, anything else is left as it is.
     */
    public static Map<String, Object> evaluateArguments(Map<String, Object> args, int line, RenderContext context, Templates templates,
                                                        Map<String, Object> bindings) {
        Map<String, Object> evaluated = new LinkedHashMap<>();
        args.forEach((key, value) -> evaluated.put(key, key.equals("column_name") ? value : evaluate(value, line, context, templates, bindings)));
        return evaluated;
    }

    private void evaluateArguments(Map<String, Object> args, int line, RenderContext context, Map<String, Object> bindings) {
        evaluateArguments(args, line, context, templates, bindings);
    }

    private static Object evaluate(Object value, int line, RenderContext context, Templates templates, Map<String, Object> bindings) {
        if (value instanceof String text) {
            if (LOOKS_LIKE_CALL.matcher(text).matches()) {
                return templates.evaluate(text.strip(), line, context, bindings);
            }
            if (text.contains("{{") || text.contains("{%")) {
                return templates.render(text, context, bindings);
            }
            return text;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(item -> out.add(evaluate(item, line, context, templates, bindings)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, evaluate(v, line, context, templates, bindings)));
            return out;
        }
        return value;
    }

    /** dbt's synthesize_generic_test_names: {short name (for the compiled file), full name (for unique_id and fqn)}. */
    static String[] syntheticNames(String testType, String targetName, Map<String, Object> args) {
        List<String> flat = new ArrayList<>();
        for (String key : new TreeMap<>(args).keySet()) {
            if (key.equals("model")) {
                continue;
            }
            Object value = args.get(key);
            if (value instanceof Map<?, ?> map) {
                map.values().forEach(v -> flat.add(pythonString(v)));
            } else if (value instanceof List<?> list) {
                list.forEach(v -> flat.add(pythonString(v)));
            } else {
                flat.add(pythonString(value));
            }
        }
        List<String> clean = new ArrayList<>();
        flat.forEach(part -> clean.add(part.replaceAll("[^0-9a-zA-Z_]+", "_")));
        String identifier = testType + "_" + targetName;
        String fullName = identifier + "_" + String.join("__", clean);
        String shortName = fullName.length() >= 64 ? identifier.substring(0, Math.min(30, identifier.length())) + "_" + md5(fullName) : fullName;
        return new String[] {shortName, fullName};
    }

    /** How Python's str() writes a YAML value (True, None, 1.5). */
    private static String pythonString(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(value);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hash(String text) {
        String md5 = md5(text);
        return md5.substring(md5.length() - 10);
    }

    // --- names, materializations, refs ---------------------------------------------------------------------

    private Map<String, Object> parseBindings(Node node, RenderContext context) {
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("target", project.target().asMap());
        bindings.put("project_name", project.name());
        bindings.put("this", Relation.of(project.target().database(), project.target().schema(), node.name(), null, naming));
        bindings.put("model", NodeView.of(node));
        bindings.put("config", ConfigObject.of(context));
        bindings.put("flags", Map.of("FULL_REFRESH", false, "WHICH", "parse"));
        bindings.put("invocation_id", "");
        bindings.put("graph", Map.of());
        return bindings;
    }

    /** Schema, alias and database as the project's (or dbt's) generate_*_name macros say. */
    private void name(Node node) {
        RenderContext context = new RenderContext(RenderContext.Phase.PARSE, node.originalFilePath(), host, node);
        Map<String, Object> bindings = parseBindings(node, context);
        Object nodeView = NodeView.of(node);
        Object customSchema = node.type() == NodeType.TEST && node.config().get("schema") == null ? "dbt_test__audit" : node.config().get("schema");
        node.schema = generated("generate_schema_name", customSchema, nodeView, context, bindings, node);
        node.alias = generated("generate_alias_name", node.config().get("alias"), nodeView, context, bindings, node);
        node.database = generated("generate_database_name", node.config().get("database"), nodeView, context, bindings, node);
    }

    private String generated(String macro, Object custom, Object nodeView, RenderContext context, Map<String, Object> bindings, Node node) {
        Object value = templates.call(macro, java.util.Arrays.asList(custom, nodeView), Map.of(), context, bindings, 1);
        String text = value == null ? "" : String.valueOf(value).strip();
        if (text.isEmpty()) {
            throw ModelsException.in(node.originalFilePath(), 1, macro + " gave an empty name for " + node.name());
        }
        return text;
    }

    private void checkMaterialization(Node node) {
        String materialized = node.materialized();
        boolean known = switch (node.type()) {
            case MODEL -> MATERIALIZATIONS.contains(materialized);
            case SEED -> "seed".equals(materialized);
            case TEST -> "test".equals(materialized);
            case SOURCE -> true;
        };
        if (known) {
            if (node.type() == NodeType.MODEL && "incremental".equals(materialized)) {
                String strategy = node.config().text("incremental_strategy");
                if (strategy != null && !Set.of("append", "merge", "delete+insert").contains(strategy)) {
                    throw located(node, "incremental_strategy", "incremental_strategy '" + strategy
                            + "' is not supported here: use append, merge or delete+insert");
                }
                String onSchemaChange = node.config().text("on_schema_change");
                if (onSchemaChange != null && !Set.of("ignore", "fail", "append_new_columns", "sync_all_columns").contains(onSchemaChange)) {
                    throw located(node, "on_schema_change", "on_schema_change '" + onSchemaChange
                            + "' is not one of ignore, fail, append_new_columns, sync_all_columns");
                }
            }
            return;
        }
        String custom = templates.customMaterializations().contains(materialized)
                ? " (the project defines a materialization '" + materialized + "', but a project's own materializations are not run here)"
                : "";
        throw located(node, "materialized", "unknown materialization '" + materialized + "' for " + node.type().label() + " "
                + node.name() + ": " + (node.type() == NodeType.MODEL ? "use view, table, incremental or ephemeral" : "seeds and tests cannot set one") + custom);
    }

    /** An error about a config key, at the place that set it: the file's config(), its properties, or dbt_project.yml. */
    private ModelsException located(Node node, String key, String reason) {
        if (node.fileConfig.containsKey(key)) {
            return ModelsException.in(node.originalFilePath(), lineOf(node.rawCode(), key), reason);
        }
        if (node.propertiesConfig.containsKey(key) && node.patchPath != null) {
            return ModelsException.in(node.patchPath, lineOf(read(root.resolve(node.patchPath)), key), reason);
        }
        return ModelsException.in(DbtProject.FILE, lineOf(read(root.resolve(DbtProject.FILE)), key), reason);
    }

    private static int lineOf(String text, String key) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(key)) {
                return i + 1;
            }
        }
        return 0;
    }

    private void resolve(Node node) {
        for (RenderContext.Call ref : node.refs()) {
            String name = ref.args().getLast();
            if (ref.args().size() == 2 && !ref.args().getFirst().equals(project.name())) {
                throw ModelsException.in(ref.file(), ref.line(), "ref('" + ref.args().getFirst() + "', '" + name + "') names package "
                        + ref.args().getFirst() + ": packages are not supported, and this project is " + project.name());
            }
            Node target = project.refable(name);
            if (target == null) {
                boolean disabled = project.disabled.containsKey("model." + project.name() + "." + name)
                        || project.disabled.containsKey("seed." + project.name() + "." + name);
                throw ModelsException.in(ref.file(), ref.line(), disabled
                        ? node.type().label() + " " + node.name() + " reads ref('" + name + "'), which is disabled (enabled: false)"
                        : "ref('" + name + "') names no model or seed of this project" + suggestion(name));
            }
            node.dependsOn.add(target.uniqueId());
        }
        for (RenderContext.Call source : node.sourceCalls()) {
            String id = "source." + project.name() + "." + source.args().get(0) + "." + source.args().get(1);
            if (!project.sources.containsKey(id)) {
                throw ModelsException.in(source.file(), source.line(), "source('" + source.args().get(0) + "', '" + source.args().get(1)
                        + "') is not declared: add it under sources: in a properties file (e.g. models/sources.yml)");
            }
            node.dependsOn.add(id);
        }
    }

    private String suggestion(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Node node : project.nodes.values()) {
            if (node.type() == NodeType.MODEL || node.type() == NodeType.SEED) {
                int distance = distance(name, node.name());
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = node.name();
                }
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
                        previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.length()];
    }

    /** What templates get while the project is parsed (execute is false). */
    private final class ParseHost implements JinjaHost {
        @Override
        public Relation ref(RenderContext context, String packageName, String name, Object version) {
            return Relation.of(project.target().database(), project.target().schema(), name, null, naming);
        }

        @Override
        public Relation source(RenderContext context, String sourceName, String tableName) {
            SourceTable table = project.sources.get("source." + project.name() + "." + sourceName + "." + tableName);
            return table == null ? Relation.of(null, sourceName, tableName, null, naming)
                    : Relation.of(table.database(), table.schema(), table.identifier(), "table", naming);
        }

        @Override
        public Object var(RenderContext context, String name, Object fallback, boolean hasFallback) {
            if (project.hasVar(name)) {
                return project.var(name);
            }
            return fallback;
        }

        @Override
        public boolean isIncremental(RenderContext context) {
            return false;
        }

        @Override
        public Object config(RenderContext context, String key, Object fallback) {
            Object value = context.configCalls().get(key);
            if (value == null && context.subject() instanceof Node node && node.config() != null) {
                value = node.config().get(key);
            }
            return value == null ? fallback : value;
        }

        @Override
        public QueryResult runQuery(RenderContext context, String sql) {
            return null;
        }

        @Override
        public Relation getRelation(RenderContext context, String database, String schema, String identifier) {
            return null;
        }

        @Override
        public List<Map<String, Object>> columns(RenderContext context, Relation relation) {
            return List.of();
        }

        @Override
        public String doc(RenderContext context, String name) {
            String doc = templates.docs().get(name);
            if (doc == null) {
                throw ModelsException.in(context.file(), 0, "doc('" + name + "'): no {% docs " + name + " %} block in the project's .md files");
            }
            return doc;
        }

        @Override
        public void log(String message) {
            // parse-time logging is not shown; dbt shows it in its debug log
        }

        @Override
        public String adapterType() {
            return project.target().type();
        }

        @Override
        public Relation relation(String database, String schema, String identifier, String type) {
            return Relation.of(database == null ? project.target().database() : database, schema, identifier, type, naming);
        }
    }
}
