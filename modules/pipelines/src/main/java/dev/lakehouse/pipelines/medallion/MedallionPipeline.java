package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.spark.pipeline.AuditCheck;
import dev.lakehouse.spark.pipeline.InvalidOptionException;
import dev.lakehouse.spark.pipeline.NessieBranches;
import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.PipelineContext;
import dev.lakehouse.spark.pipeline.WriteAuditPublish;
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
 * (true; false writes straight on main and audits afterwards, for a look at what an audit would catch).
 */
public final class MedallionPipeline implements Pipeline {
    /** The layers a run can be limited to, in the order they run. */
    enum Layer { BRONZE, SILVER, GOLD }

    private static final DateTimeFormatter BATCH_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS", Locale.ROOT);

    @Override
    public String name() {
        return "medallion";
    }

    @Override
    public String description() {
        return "source database -> bronze -> silver -> gold, written on a branch, audited, merged into main (options: layer, wap)";
    }

    @Override
    public Set<String> services() {
        return Set.of("sourcedb");
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!key.equals("layer") && !key.equals("wap")) {
                throw new InvalidOptionException(key, options.get(key), "medallion takes the options layer and wap");
            }
        }
        layers(options.getOrDefault("layer", "all"));
        booleanOption(options, "wap", true);
    }

    @Override
    public void run(PipelineContext context) throws Exception {
        Set<Layer> layers = layers(context.option("layer", "all"));
        boolean writeAuditPublish = booleanOption(context.options(), "wap", true);
        // batch ids sort by time: silver takes the bronze batches after the last one it saw
        String batchId = BATCH_ID.format(ZonedDateTime.now(ZoneOffset.UTC));
        ShopSource source = new ShopSource(context.endpoints().endpoint("sourcedb", "jdbc"));
        WriteAuditPublish.Write write = session -> {
            List<AuditCheck> checks = new ArrayList<>();
            if (layers.contains(Layer.BRONZE)) {
                checks.addAll(new BronzeLayer(source, batchId, context).run(session));
            }
            if (layers.contains(Layer.SILVER)) {
                checks.addAll(new SilverLayer(context).run(session));
            }
            if (layers.contains(Layer.GOLD)) {
                checks.addAll(new GoldLayer(context).run(session));
            }
            return checks;
        };

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
