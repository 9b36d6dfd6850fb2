package dev.lakehouse.pipelines.delta;

import dev.lakehouse.spark.DeltaIcebergMirror;
import dev.lakehouse.spark.pipeline.InvalidOptionException;
import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.PipelineContext;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.Map;

/**
 * Makes a Delta table readable by Trino (and any Iceberg reader): brings its Iceberg mirror in the lakehouse's
 * catalog to the Delta table's newest version ({@link DeltaIcebergMirror}). Run it after the Delta table changes, or
 * from a flow on a schedule, as Apache XTable's sync is run.
 * <p>
 * Options: {@code location}, the Delta table's (e.g. s3a://warehouse/delta/sales); {@code table}, the mirror's name in
 * the catalog, NAMESPACE.TABLE (e.g. delta_sales.orders; Trino reads it as iceberg.delta_sales.orders).
 */
public final class DeltaMirrorPipeline implements Pipeline {
    private static final List<String> OPTIONS = List.of("location", "table");

    @Override
    public String name() {
        return "delta-mirror";
    }

    @Override
    public String description() {
        return "brings a Delta table's Iceberg mirror to its newest version, for Trino (options: location=s3a://..., table=NAMESPACE.TABLE)";
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidOptionException(key, options.get(key), "delta-mirror takes the options " + String.join(", ", OPTIONS));
            }
        }
        location(options);
        table(options);
    }

    @Override
    public void run(PipelineContext context) {
        DeltaIcebergMirror.Result result = DeltaIcebergMirror.into(context.spark()).mirror(location(context.options()), table(context.options()));
        context.report(result.describe());
    }

    private static String location(Map<String, String> options) {
        String location = options.getOrDefault("location", "");
        if (!location.matches("[a-z][a-z0-9+.-]*://.+")) {
            throw new InvalidOptionException("location", location, "name the Delta table's location, e.g. location=s3a://warehouse/delta/sales");
        }
        return location;
    }

    private static TableIdentifier table(Map<String, String> options) {
        String table = options.getOrDefault("table", "");
        if (!table.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)+")) {
            throw new InvalidOptionException("table", table, "name the mirror NAMESPACE.TABLE in lower case, e.g. table=delta_sales.orders");
        }
        return TableIdentifier.parse(table);
    }
}
