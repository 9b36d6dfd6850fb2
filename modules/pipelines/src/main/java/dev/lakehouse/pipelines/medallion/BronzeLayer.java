package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.spark.pipeline.AuditCheck;
import dev.lakehouse.spark.pipeline.PipelineContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

/**
 * Bronze: the source tables as they were read, append-only, each row with when it was ingested
 * (_ingested_at) and by which run (_batch_id). Incremental: a run reads only the rows whose updated_at is
 * past the latest in bronze, up to the source's latest when the run began, so that a changed source row
 * arrives again as a new version and nothing is read twice. Rows deleted in the source are not seen.
 */
final class BronzeLayer {
    static final String NAMESPACE = "bronze";

    private final ShopSource source;
    private final String batchId;
    private final PipelineContext context;
    private final MedallionTables tables;

    BronzeLayer(ShopSource source, String batchId, PipelineContext context, MedallionTables tables) {
        this.source = source;
        this.batchId = batchId;
        this.context = context;
        this.tables = tables;
    }

    static String table(SourceTable table) {
        return NAMESPACE + "." + table.tableName();
    }

    /** Ingests every source table and returns the checks that bronze holds every source row it read up to. */
    List<AuditCheck> run(SparkSession spark) throws Exception {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + NAMESPACE);
        List<AuditCheck> checks = new ArrayList<>();
        for (SourceTable table : SourceTable.values()) {
            ShopSource.TableState state = source.state(table);
            Optional<LocalDateTime> upTo = state.latestUpdate();
            if (upTo.isEmpty()) {
                context.report(String.format(Locale.ROOT, "  bronze  %-12s the source table is empty", table.tableName()));
                continue;
            }
            Optional<LocalDateTime> after = highWaterMark(spark, table);
            long changed = source.count(table, after, upTo.get());
            if (changed > 0) {
                Dataset<Row> rows = source.changedRows(spark, table, after, upTo.get())
                        .withColumn("_ingested_at", current_timestamp())
                        .withColumn("_batch_id", lit(batchId));
                if (tables.exists(spark, table(table))) {
                    rows.writeTo(table(table)).append();
                } else {
                    tables.create(spark, rows, table(table));
                }
            }
            context.report(String.format(Locale.ROOT, "  bronze  %-12s %,9d new or changed rows%s", table.tableName(), changed,
                    after.map(mark -> " (updated after " + mark + ")").orElse(" (first load)")));
            checks.add(matchesSource(table, state.rows()));
        }
        return checks;
    }

    /** The latest updated_at bronze holds: the next read starts after it. */
    private Optional<LocalDateTime> highWaterMark(SparkSession spark, SourceTable table) {
        if (!tables.exists(spark, table(table))) {
            return Optional.empty();
        }
        return Optional.ofNullable((LocalDateTime) spark.sql("SELECT max(updated_at) FROM " + table(table)).first().get(0));
    }

    /** Rows are never deleted in the source: bronze has as many keys as the source had rows when the read began. */
    private static AuditCheck matchesSource(SourceTable table, long sourceRows) {
        return AuditCheck.ofQuery("bronze." + table.tableName() + ".matches_source",
                "bronze holds each of the " + sourceRows + " keys the source had when the run began",
                "SELECT abs(" + sourceRows + " - count(*)) FROM (SELECT DISTINCT " + table.keyColumns() + " FROM " + table(table) + ")");
    }
}
