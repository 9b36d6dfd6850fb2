package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.spark.DeltaIcebergMirror;
import dev.lakehouse.spark.LakehouseSparkSessions;
import dev.lakehouse.spark.pipeline.AuditCheck;
import dev.lakehouse.spark.pipeline.InvalidOptionException;
import dev.lakehouse.spark.pipeline.NessieBranches;
import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.PipelineContext;
import dev.lakehouse.spark.pipeline.WriteAuditPublish;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.spark.sql.SparkSession;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The shop's medallion pipeline: source database -> bronze (raw, incremental, append-only) -> silver (clean,
 * one row per key, merged) -> gold (business figures), written with write-audit-publish: the run writes on
 * a fresh Nessie branch etl-BATCH, the layers' checks audit that branch, and main gets the run, every table
 * in one merge, only when all pass.
 * <p>
 * Options: {@code layer} (bronze, silver, gold, a comma list of them, or all; default all), {@code wap}
 * (true; false writes straight on main and audits afterwards, for a look at what an audit would catch),
 * {@code format} (iceberg, the default, or delta) and {@code location} (where a Delta run's tables go; default
 * s3a://warehouse/delta), {@code mirror} (a Delta run's: true, the default, brings each table's Iceberg mirror,
 * delta_LAYER.TABLE, to the run's version, so that Trino reads it; see DeltaIcebergMirror).
 * <p>
 * On Delta there is no write-audit-publish: Delta has no branches and no commit across tables, so a Delta run
 * writes its tables in place (each statement one Delta commit) and audits afterwards, as {@code wap=false} does; a
 * failed check fails the run and names each table's version before the run, for {@code RESTORE TABLE ... TO
 * VERSION AS OF}. Readers can see a batch before its audit.
 */
public final class MedallionPipeline implements Pipeline {
    /** The layers a run can be limited to, in the order they run. */
    enum Layer { BRONZE, SILVER, GOLD }

    private static final List<String> OPTIONS = List.of("layer", "wap", "format", "location", "mirror");
    private static final DateTimeFormatter BATCH_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS", Locale.ROOT);

    @Override
    public String name() {
        return "medallion";
    }

    @Override
    public String description() {
        return "source database -> bronze -> silver -> gold, written on a branch, audited, merged into main "
                + "(options: layer, wap, format=iceberg|delta, location, mirror)";
    }

    @Override
    public Set<String> services() {
        return Set.of("sourcedb");
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidOptionException(key, options.get(key), "medallion takes the options " + String.join(", ", OPTIONS));
            }
        }
        layers(options.getOrDefault("layer", "all"));
        MedallionTables tables = tables(options);
        writeAuditPublish(options, tables);
        if (options.containsKey("mirror") && tables.format() != MedallionTables.Format.DELTA) {
            throw new InvalidOptionException("mirror", options.get("mirror"), "only a Delta run is mirrored (Trino reads Iceberg tables as they are)");
        }
        booleanOption(options, "mirror", true);
    }

    private static MedallionTables tables(Map<String, String> options) {
        return MedallionTables.of(options.getOrDefault("format", "iceberg"), options.get("location"));
    }

    /** Whether the run writes on a branch: the default for Iceberg; Delta has no branches. */
    private static boolean writeAuditPublish(Map<String, String> options, MedallionTables tables) {
        if (tables.format() == MedallionTables.Format.DELTA) {
            if (booleanOption(options, "wap", false)) {
                throw new InvalidOptionException("wap", options.get("wap"), "Delta tables have no branches: a Delta run writes in place "
                        + "and audits afterwards (wap=false)");
            }
            return false;
        }
        return booleanOption(options, "wap", true);
    }

    @Override
    public void run(PipelineContext context) throws Exception {
        Set<Layer> layers = layers(context.option("layer", "all"));
        MedallionTables tables = tables(context.options());
        boolean writeAuditPublish = writeAuditPublish(context.options(), tables);
        // batch ids sort by time: silver takes the bronze batches after the last one it saw
        String batchId = BATCH_ID.format(ZonedDateTime.now(ZoneOffset.UTC));
        ShopSource source = new ShopSource(context.endpoints().endpoint("sourcedb", "jdbc"));
        WriteAuditPublish.Write write = session -> {
            List<AuditCheck> checks = new ArrayList<>();
            if (layers.contains(Layer.BRONZE)) {
                checks.addAll(new BronzeLayer(source, batchId, context, tables).run(session));
            }
            if (layers.contains(Layer.SILVER)) {
                checks.addAll(new SilverLayer(context, tables).run(session));
            }
            if (layers.contains(Layer.GOLD)) {
                checks.addAll(new GoldLayer(context, tables).run(session));
            }
            return checks;
        };

        if (tables.format() == MedallionTables.Format.DELTA) {
            runOnDelta(context, tables, write);
            return;
        }
        SparkSession spark = context.spark();
        if (!writeAuditPublish) {
            List<AuditCheck.Outcome> outcomes = WriteAuditPublish.audit(spark, write.write(spark));
            report(context, outcomes);
            List<AuditCheck.Outcome> failures = outcomes.stream().filter(outcome -> !outcome.passed()).toList();
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " checks failed on main, written without write-audit-publish: "
                        + String.join("; ", failures.stream().map(AuditCheck.Outcome::describe).toList()));
            }
            return;
        }
        // main, or the branch a flow's run writes on (it publishes there; the flow merges it into main)
        String main = context.targetBranch();
        String branch = "etl-" + batchId;
        try (NessieBranches nessie = NessieBranches.of(context.endpoints().endpoint("catalog", "nessie"))) {
            context.report("writing batch " + batchId + " on branch " + branch + " (from " + main + ")");
            WriteAuditPublish.Published published = new WriteAuditPublish(nessie, main).run(spark, branch, write);
            report(context, published.outcomes());
            context.report("published: merged " + branch + " into " + main + " (head " + published.mainHead() + ")");
        }
    }

    /**
     * The run on Delta: names the tables a restart forgot, writes in place, audits afterwards. A failed audit fails the
     * run with the version each table had before it.
     */
    private static void runOnDelta(PipelineContext context, MedallionTables tables, WriteAuditPublish.Write write) throws Exception {
        SparkSession delta = tables.session(context.spark());
        List<String> allTables = allTables();
        List<String> registered = tables.registerExisting(delta, allTables);
        context.report("writing " + tables.describe() + " in place (Delta has no branches: audited after the write)"
                + (registered.isEmpty() ? "" : "; named again in spark_catalog: " + String.join(", ", registered)));
        Map<String, Long> before = new java.util.TreeMap<>();
        for (String table : allTables) {
            if (tables.exists(delta, table)) {
                before.put(table, delta.sql("DESCRIBE HISTORY " + table + " LIMIT 1").first().<Long>getAs("version"));
            }
        }
        List<AuditCheck.Outcome> outcomes = LakehouseSparkSessions.withActive(delta, () -> WriteAuditPublish.audit(delta, write.write(delta)));
        report(context, outcomes);
        List<AuditCheck.Outcome> failures = outcomes.stream().filter(outcome -> !outcome.passed()).toList();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " checks failed on the Delta tables, written in place: "
                    + String.join("; ", failures.stream().map(AuditCheck.Outcome::describe).toList())
                    + ". Their versions before this run: " + before);
        }
        context.report("written: " + tables.describe() + " (query them as spark_catalog.gold.revenue_by_country_month)");
        if (booleanOption(context.options(), "mirror", true)) {
            mirrorForTrino(context, tables, delta, allTables);
        }
    }

    /**
     * Brings the Iceberg mirror of each Delta table (layer.table as delta_layer.table) to its new version, so that
     * Trino reads the run as it reads the Iceberg medallion: SELECT ... FROM iceberg.delta_gold.revenue_by_country_month.
     */
    private static void mirrorForTrino(PipelineContext context, MedallionTables tables, SparkSession delta, List<String> allTables) {
        long start = System.nanoTime();
        DeltaIcebergMirror mirror = DeltaIcebergMirror.into(context.spark());
        int changed = 0;
        int mirrored = 0;
        for (String table : allTables) {
            if (tables.exists(delta, table)) {
                changed += mirror.mirror(tables.location(table), TableIdentifier.parse(mirrorName(table))).changed() ? 1 : 0;
                mirrored++;
            }
        }
        context.report(String.format(Locale.ROOT, "mirrored for Trino: %d tables as iceberg.delta_<layer>.<table> (%d changed) in %.1f s",
                mirrored, changed, (System.nanoTime() - start) / 1e9));
    }

    /** The Iceberg mirror's name of a Delta table of the medallion: gold.top_products is delta_gold.top_products. */
    static String mirrorName(String table) {
        return "delta_" + table;
    }

    /** Every table of the medallion, parents first. */
    private static List<String> allTables() {
        List<String> all = new ArrayList<>();
        for (SourceTable table : SourceTable.values()) {
            all.add(BronzeLayer.table(table));
        }
        for (SourceTable table : SourceTable.values()) {
            all.add(SilverLayer.table(table));
        }
        all.add(SilverLayer.QUARANTINE);
        all.addAll(GoldLayer.tableNames());
        return all;
    }

    private static void report(PipelineContext context, List<AuditCheck.Outcome> outcomes) {
        long passed = outcomes.stream().filter(AuditCheck.Outcome::passed).count();
        context.report("audit: " + passed + " of " + outcomes.size() + " checks passed");
    }

    static Set<Layer> layers(String option) {
        if (option.equalsIgnoreCase("all")) {
            return EnumSet.allOf(Layer.class);
        }
        Set<Layer> layers = EnumSet.noneOf(Layer.class);
        for (String name : option.split(",")) {
            try {
                layers.add(Layer.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("layer", option, "use bronze, silver, gold, a comma list of them, or all");
            }
        }
        return layers;
    }

    private static boolean booleanOption(Map<String, String> options, String key, boolean defaultValue) {
        String value = options.getOrDefault(key, String.valueOf(defaultValue)).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidOptionException(key, value, "use true or false");
        };
    }
}
