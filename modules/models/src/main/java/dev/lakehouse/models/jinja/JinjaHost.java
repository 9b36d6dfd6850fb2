package dev.lakehouse.models.jinja;

import java.util.List;
import java.util.Map;

/**
 * What templates ask of the project and the engine: the answers to ref(), source(), var(), is_incremental(),
 * config.get(), run_query() and adapter.*. The loader answers them while it parses (execute false), the runner
 * while it builds.
 */
public interface JinjaHost {
    Relation ref(RenderContext context, String packageName, String name, Object version);

    Relation source(RenderContext context, String sourceName, String tableName);

    /** @param hasFallback whether the template gave a default (which may be None) */
    Object var(RenderContext context, String name, Object fallback, boolean hasFallback);

    boolean isIncremental(RenderContext context);

    /** config.get(key, default) in a template: the node's configuration as it stands. */
    Object config(RenderContext context, String key, Object fallback);

    /** Runs a query for run_query() or a fetching statement; null at parse time. */
    QueryResult runQuery(RenderContext context, String sql);

    /** adapter.get_relation(database, schema, identifier): the relation when it exists, else null. */
    Relation getRelation(RenderContext context, String database, String schema, String identifier);

    /** adapter.get_columns_in_relation(relation): name and data type of each column. */
    List<Map<String, Object>> columns(RenderContext context, Relation relation);

    /** doc('name'): the docs block's text. */
    String doc(RenderContext context, String name);

    /** log(msg, info=true) and print(msg): a line in the run's output. */
    void log(String message);

    /** The engine, as dbt's adapter type: "trino" or "spark" (dispatch looks for trino__name, then default__name). */
    String adapterType();

    /** A relation named by parts (api.Relation.create), written as the engine writes names. */
    Relation relation(String database, String schema, String identifier, String type);

    /** The rows of a query. */
    record QueryResult(List<String> columns, List<List<Object>> rows) {
    }
}
