package dev.lakehouse.models.engine;

import dev.lakehouse.models.jinja.JinjaHost;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A SparkSession of the lakehouse's own Spark (a new session, so USE is its own) whose current catalog is
 * lakehouse (main) or lakehouse_BRANCH. Statements run on the calling thread under a job group, so a cancel stops
 * this run's jobs and nothing else.
 */
public final class SparkEngine implements SqlEngine {
    private final SparkSession session;
    private final String catalog;
    private final String jobGroup = "lakehouse-models-" + UUID.randomUUID();
    private volatile boolean cancelled;

    private SparkEngine(SparkSession session, String catalog) {
        this.session = session;
        this.catalog = catalog;
    }

    /** A new session of {@code application} on {@code catalog}. */
    public static SparkEngine open(SparkSession application, String catalog) throws EngineException {
        SparkSession session = application.newSession();
        SparkEngine engine = new SparkEngine(session, catalog);
        // USE names the catalog, which registers a branch's catalog (BranchCatalogExtensions) before switching to it
        engine.execute("USE " + engine.naming().part(catalog));
        return engine;
    }

    @Override
    public String type() {
        return "spark";
    }

    @Override
    public String catalog() {
        return catalog;
    }

    @Override
    public AdapterResponse execute(String sql) throws EngineException {
        run(sql, true);
        return AdapterResponse.ok();
    }

    @Override
    public JinjaHost.QueryResult query(String sql) throws EngineException {
        return run(sql, true);
    }

    private JinjaHost.QueryResult run(String sql, boolean collect) throws EngineException {
        if (cancelled) {
            // cancelJobGroup stops the jobs running, not those that start after it
            throw new EngineException("the run was stopped", null);
        }
        var context = session.sparkContext();
        context.setJobGroup(jobGroup, sql.length() > 200 ? sql.substring(0, 200) : sql, true);
        SparkSession previous = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession().get() : null;
        SparkSession.setActiveSession(session);
        try {
            Dataset<Row> result = session.sql(sql);
            List<String> columns = new ArrayList<>();
            for (StructField field : result.schema().fields()) {
                columns.add(field.name());
            }
            List<List<Object>> rows = new ArrayList<>();
            if (collect && !columns.isEmpty()) {
                for (Row row : result.collectAsList()) {
                    List<Object> values = new ArrayList<>(row.size());
                    for (int i = 0; i < row.size(); i++) {
                        values.add(value(row.get(i)));
                    }
                    rows.add(values);
                }
            }
            return new JinjaHost.QueryResult(columns, rows);
        } catch (Exception e) {
            throw new EngineException(message(e), e);
        } finally {
            context.clearJobGroup();
            if (previous != null) {
                SparkSession.setActiveSession(previous);
            } else {
                SparkSession.clearActiveSession();
            }
        }
    }

    private static Object value(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString().replace('T', ' ');
        }
        if (value instanceof java.time.LocalDateTime timestamp) {
            return timestamp.toString().replace('T', ' ');
        }
        return value.toString();
    }

    @Override
    public Map<String, String> relations(String schema) throws EngineException {
        Map<String, String> relations = new LinkedHashMap<>();
        String namespace = naming().part(schema);
        try {
            for (List<Object> row : query("SHOW TABLES IN " + namespace).rows()) {
                relations.put(String.valueOf(row.get(1)).toLowerCase(Locale.ROOT), "table");
            }
            // Spark lists an Iceberg view among the tables too; SHOW VIEWS says which are views
            for (List<Object> row : query("SHOW VIEWS IN " + namespace).rows()) {
                relations.put(String.valueOf(row.get(1)).toLowerCase(Locale.ROOT), "view");
            }
        } catch (EngineException e) {
            // a schema not made yet has no relations (the catalog answers 404, as Iceberg's REST specification says)
            String message = String.valueOf(e.getMessage());
            if (message.contains("SCHEMA_NOT_FOUND") || message.contains("NoSuchNamespace") || message.contains("cannot be found")
                    || message.contains("Namespace does not exist")) {
                return Map.of();
            }
            throw e;
        }
        return relations;
    }

    @Override
    public List<Column> columns(String schema, String name) throws EngineException {
        List<Column> columns = new ArrayList<>();
        for (List<Object> row : query("DESCRIBE TABLE " + naming().part(schema) + "." + naming().part(name)).rows()) {
            String column = String.valueOf(row.get(0));
            if (column.isBlank() || column.startsWith("#")) {
                break;
            }
            columns.add(new Column(column, String.valueOf(row.get(1))));
        }
        return columns;
    }

    @Override
    public List<Column> queryColumns(String sql) throws EngineException {
        try {
            List<Column> columns = new ArrayList<>();
            for (StructField field : session.sql(sql).schema().fields()) {
                columns.add(new Column(field.name(), field.dataType().simpleString()));
            }
            return columns;
        } catch (Exception e) {
            throw new EngineException(message(e), e);
        }
    }

    @Override
    public void createSchema(String schema) throws EngineException {
        execute("CREATE NAMESPACE IF NOT EXISTS " + naming().part(schema));
    }

    @Override
    public void cancel() {
        cancelled = true;
        session.sparkContext().cancelJobGroup(jobGroup);
    }

    @Override
    public void close() {
        // a session holds nothing a garbage collection does not free
    }

    private static String message(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return message;
    }
}
