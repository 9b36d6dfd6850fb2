package dev.lakehouse.models.run;

import dev.lakehouse.models.ModelsException;
import dev.lakehouse.models.engine.SqlEngine;
import dev.lakehouse.models.jinja.ConfigObject;
import dev.lakehouse.models.jinja.JinjaHost;
import dev.lakehouse.models.jinja.Relation;
import dev.lakehouse.models.jinja.RenderContext;
import dev.lakehouse.models.project.Node;
import dev.lakehouse.models.project.NodeType;
import dev.lakehouse.models.project.NodeView;
import dev.lakehouse.models.project.Project;
import dev.lakehouse.models.project.ProjectLoader;
import dev.lakehouse.models.project.SourceTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dbt's compilation: a node rendered with execute true (refs resolve to the relations they name, is_incremental()
 * looks at the catalog, run_query() runs), the CTEs of the ephemeral models it reads put in front, a generic test's
 * macro called with its arguments. Each node is compiled once per run.
 */
final class Compiler {
    private static final Pattern LEADING = Pattern.compile("\\A(\\s*(--[^\\n]*(\\n|\\z)|/\\*.*?\\*/))*\\s*", Pattern.DOTALL);
    private static final Pattern WITH = Pattern.compile("(?i)with\\b");

    /** A compiled node: its SQL with the ephemeral CTEs in front, and those ephemerals (for the manifest). */
    record Compiled(String sql, List<String> ephemerals) {
    }

    private final Project project;
    private final SqlEngine engine;
    private final Relations relations;
    private final boolean fullRefresh;
    private final Consumer<String> log;
    private final String invocationId;
    private final Map<String, Compiled> compiled = new HashMap<>();
    private final Host host = new Host();

    Compiler(Project project, SqlEngine engine, Relations relations, boolean fullRefresh, Consumer<String> log, String invocationId) {
        this.project = project;
        this.engine = engine;
        this.relations = relations;
        this.fullRefresh = fullRefresh;
        this.log = log;
        this.invocationId = invocationId;
    }

    /**
     * Compiles a model or test.
     *
     * @throws ModelsException with the file and line of a Jinja error
     */
    Compiled compile(Node node) {
        Compiled done = compiled.get(node.uniqueId());
        if (done != null) {
            return done;
        }
        RenderContext context = new RenderContext(RenderContext.Phase.EXECUTE, node.originalFilePath(), host, node);
        Map<String, Object> bindings = bindings(node, context);
        String sql;
        if (node.isGenericTest()) {
            sql = genericTest(node, context, bindings);
        } else {
            sql = project.templates().render(node.rawCode(), context, bindings);
        }
        // the CTEs of every ephemeral model read, their own ephemerals first, each once
        Map<String, String> ctes = new LinkedHashMap<>();
        for (String id : context.ephemerals()) {
            addCtes(project.node(id), ctes, new LinkedHashSet<>());
        }
        Compiled result = new Compiled(inject(sql, ctes), new ArrayList<>(ctes.keySet()));
        compiled.put(node.uniqueId(), result);
        return result;
    }

    /** Renders a hook or any other SQL text in a node's context. */
    String render(Node node, String template) {
        RenderContext context = new RenderContext(RenderContext.Phase.EXECUTE, node.originalFilePath(), host, node);
        return project.templates().render(template, context, bindings(node, context));
    }

    private void addCtes(Node ephemeral, Map<String, String> ctes, Set<String> visiting) {
        if (!visiting.add(ephemeral.uniqueId())) {
            return;
        }
        RenderContext context = new RenderContext(RenderContext.Phase.EXECUTE, ephemeral.originalFilePath(), host, ephemeral);
        String sql = project.templates().render(ephemeral.rawCode(), context, bindings(ephemeral, context));
        for (String id : context.ephemerals()) {
            addCtes(project.node(id), ctes, visiting);
        }
        ctes.putIfAbsent("__dbt__cte__" + ephemeral.alias(), sql);
    }

    /** Puts CTEs in front of a query: after its own WITH when it has one, else in a WITH of their own. */
    static String inject(String sql, Map<String, String> ctes) {
        if (ctes.isEmpty()) {
            return sql;
        }
        StringBuilder definitions = new StringBuilder();
        ctes.forEach((name, body) -> definitions.append(definitions.isEmpty() ? "" : ",\n").append(name).append(" as (\n")
                .append(stripSemicolon(body)).append("\n)"));
        Matcher leading = LEADING.matcher(sql);
        int start = leading.find() ? leading.end() : 0;
        Matcher with = WITH.matcher(sql);
        if (with.find(start) && with.start() == start) {
            return sql.substring(0, with.end()) + " " + definitions + ",\n" + sql.substring(with.end()).stripLeading();
        }
        return sql.substring(0, start) + "with " + definitions + "\n" + sql.substring(start);
    }

    static String stripSemicolon(String sql) {
        String stripped = sql.strip();
        while (stripped.endsWith(";")) {
            stripped = stripped.substring(0, stripped.length() - 1).strip();
        }
        return stripped;
    }

    private String genericTest(Node test, RenderContext context, Map<String, Object> bindings) {
        Map<String, Object> args = new LinkedHashMap<>(test.testMetadata().kwargs());
        args.remove("model");
        Map<String, Object> kwargs = ProjectLoader.evaluateArguments(args, test.line(), context, project.templates(), bindings);
        Relation target = targetOf(test, context);
        Object model = project.templates().call("get_where_subquery", List.of(target), Map.of(), context, bindings, test.line());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("model", String.valueOf(model).strip());
        all.putAll(kwargs);
        Object sql = project.templates().call("test_" + test.testMetadata().name(), List.of(), all, context, bindings, test.line());
        return sql == null ? "" : String.valueOf(sql);
    }

    private Relation targetOf(Node test, RenderContext context) {
        String attached = test.attachedNode();
        if (attached != null) {
            Node node = project.node(attached);
            return relationOf(node, context);
        }
        for (String parent : test.dependsOn()) {
            SourceTable source = project.sources().get(parent);
            if (source != null) {
                return sourceRelation(source);
            }
        }
        throw ModelsException.in(test.originalFilePath(), test.line(), "test " + test.name() + " tests nothing this runner knows");
    }

    private Map<String, Object> bindings(Node node, RenderContext context) {
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("target", project.target().asMap());
        bindings.put("project_name", project.name());
        bindings.put("this", relationOf(node, null));
        bindings.put("model", NodeView.of(node));
        bindings.put("config", ConfigObject.of(context));
        bindings.put("flags", Map.of("FULL_REFRESH", fullRefresh, "WHICH", "run"));
        bindings.put("invocation_id", invocationId);
        bindings.put("graph", Map.of("nodes", Map.of(), "sources", Map.of()));
        return bindings;
    }

    /** The relation a node builds; an ephemeral model is its CTE (and is remembered for injection). */
    private Relation relationOf(Node node, RenderContext context) {
        if (node.isEphemeral()) {
            if (context != null) {
                context.ephemerals().add(node.uniqueId());
            }
            return Relation.cte(node.alias(), engine.naming());
        }
        String type = switch (node.type()) {
            case SEED -> "table";
            case MODEL -> "view".equals(node.materialized()) ? "view" : "table";
            default -> null;
        };
        return Relation.of(node.database(), node.schema(), node.alias(), type, engine.naming());
    }

    private Relation sourceRelation(SourceTable source) {
        return Relation.of(source.database(), source.schema(), source.identifier(), "table", engine.naming());
    }

    /** Whether an incremental model adds to what it built before (dbt's is_incremental()). */
    boolean isIncremental(Node node) {
        if (node.type() != NodeType.MODEL || !"incremental".equals(node.materialized())) {
            return false;
        }
        Boolean configured = node.config().fullRefresh();
        boolean refresh = configured != null ? configured : fullRefresh;
        if (refresh) {
            return false;
        }
        try {
            return "table".equals(relations.type(node.schema(), node.alias()));
        } catch (SqlEngine.EngineException e) {
            throw ModelsException.in(node.originalFilePath(), 0, "cannot tell whether " + node.schema() + "." + node.alias()
                    + " exists: " + e.getMessage());
        }
    }

    /** What templates get while the run builds (execute is true). */
    private final class Host implements JinjaHost {
        @Override
        public Relation ref(RenderContext context, String packageName, String name, Object version) {
            Node node = project.refable(name);
            if (node == null) {
                throw ModelsException.in(context.file(), 0, "ref('" + name + "') names no model or seed of this project");
            }
            return relationOf(node, context);
        }

        @Override
        public Relation source(RenderContext context, String sourceName, String tableName) {
            SourceTable source = project.sources().get("source." + project.name() + "." + sourceName + "." + tableName);
            if (source == null) {
                throw ModelsException.in(context.file(), 0, "source('" + sourceName + "', '" + tableName + "') is not declared");
            }
            return sourceRelation(source);
        }

        @Override
        public Object var(RenderContext context, String name, Object fallback, boolean hasFallback) {
            if (project.hasVar(name)) {
                return project.var(name);
            }
            if (hasFallback) {
                return fallback;
            }
            throw ModelsException.in(context.file(), 0, "var('" + name + "') is not set: give it in dbt_project.yml's vars:, with --vars '{"
                    + name + ": ...}', or give var() a default");
        }

        @Override
        public boolean isIncremental(RenderContext context) {
            return context.subject() instanceof Node node && Compiler.this.isIncremental(node);
        }

        @Override
        public Object config(RenderContext context, String key, Object fallback) {
            Object value = context.subject() instanceof Node node ? node.config().get(key) : null;
            return value == null ? fallback : value;
        }

        @Override
        public QueryResult runQuery(RenderContext context, String sql) {
            try {
                return engine.query(Compiler.stripSemicolon(sql));
            } catch (SqlEngine.EngineException e) {
                throw ModelsException.in(context.file(), 0, "run_query failed: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }

        @Override
        public Relation getRelation(RenderContext context, String database, String schema, String identifier) {
            if (schema == null || identifier == null || (database != null && !database.equalsIgnoreCase(engine.catalog()))) {
                return null;
            }
            try {
                String type = relations.type(schema, identifier);
                return type == null ? null : Relation.of(engine.catalog(), schema, identifier, type, engine.naming());
            } catch (SqlEngine.EngineException e) {
                throw ModelsException.in(context.file(), 0, "adapter.get_relation failed: " + e.getMessage());
            }
        }

        @Override
        public List<Map<String, Object>> columns(RenderContext context, Relation relation) {
            try {
                List<Map<String, Object>> columns = new ArrayList<>();
                for (SqlEngine.Column column : engine.columns(relation.schema(), relation.identifier())) {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("name", column.name());
                    map.put("column", column.name());
                    map.put("data_type", column.dataType());
                    map.put("dtype", column.dataType());
                    columns.add(map);
                }
                return columns;
            } catch (SqlEngine.EngineException e) {
                throw ModelsException.in(context.file(), 0, "adapter.get_columns_in_relation failed: " + e.getMessage());
            }
        }

        @Override
        public String doc(RenderContext context, String name) {
            return project.templates().docs().getOrDefault(name, "");
        }

        @Override
        public void log(String message) {
            log.accept(message);
        }

        @Override
        public String adapterType() {
            return engine.type();
        }

        @Override
        public Relation relation(String database, String schema, String identifier, String type) {
            return Relation.of(database == null ? engine.catalog() : database, schema, identifier, type, engine.naming());
        }
    }
}
