package dev.lakehouse.app;

import dev.lakehouse.client.cli.ClientCommand;
import dev.lakehouse.client.cli.ExitCodes;
import dev.lakehouse.client.cli.Terminal;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.logging.LoggingSetup;
import dev.lakehouse.runtime.notebook.NotebookSamples;
import dev.lakehouse.runtime.topic.SensorReadings;
import dev.lakehouse.spark.pipeline.AuditFailedException;
import dev.lakehouse.spark.pipeline.NessieBranches;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code lakehouse demo}: the trainee's first ten minutes in one command. Boots what the journey needs in
 * this process, runs the shop's medallion pipeline with write-audit-publish and a bounded run of the
 * sensors stream, prints what is now in the lakehouse, and stops; the data stays for `lakehouse sql`.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, header = "Run the whole journey once, then print what it made.",
        description = {"Runs the whole journey once on the data directory: the shop's source database to bronze, silver"
                + " and gold (written on a branch, audited, merged into main), then sensor readings through Kafka and the"
                + " streaming pipeline. Prints the tables, main's history and commands to try next.",
                "Run again, it picks up only what changed. Refuses a data directory a running lakehouse uses."})
final class DemoCommand implements Callable<Integer> {
    /** What the journey needs, and no more: no Trino (`lakehouse sql` brings it), no Spark UI or Connect. */
    private static final String[] SERVICES = {"storage", "catalog", "sourcedb", "kafka", "spark"};
    private static final String TOPIC = "sensors";

    @ParentCommand
    LakehouseCli cli;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--events", paramLabel = "N", defaultValue = "10000",
            description = "How many sensor readings to send through Kafka (default: 10000; a few malformed ones come on top).")
    int events;

    @Override
    public Integer call() throws Exception {
        long begin = System.nanoTime();
        var builder = config.applySettings(config.applyTo(Lakehouse.builder(), cli.dataDir).services(SERVICES).randomPorts()
                .set("spark.ui-enabled", "false")
                .set("spark.connect-enabled", "false")
                .set("spark.warm-up", "false")
                .listener(CommandBoot.progressLines("   ", false)));
        Lakehouse lakehouse;
        try {
            lakehouse = CommandBoot.start(builder, (configured, logFile) -> {
                Terminal.OUT.println("lakehouse demo on " + configured.dataDir() + " (log: " + logFile + ")");
                Terminal.OUT.println("1. Booting " + String.join(", ", configured.services()) + "...");
            }).lakehouse();
        } catch (CommandBoot.Failed e) {
            return e.exitCode();
        }
        try (lakehouse) {
            Terminal.OUT.println("2. The shop's source database (customers, products, orders, order_items) -> bronze -> silver -> gold,");
            Terminal.OUT.println("   written on a branch, audited there, merged into main only if every check passes:");
            lakehouse.runPipeline("medallion", false, Map.of(), line -> Terminal.OUT.println("   " + line));

            Terminal.OUT.printf(Locale.ROOT, "3. %,d sensor readings (and 3 malformed messages) into Kafka topic %s...%n", events, TOPIC);
            produceSensorReadings(lakehouse);
            Terminal.OUT.println("   ...and the streaming pipeline (bronze, quarantine, 1-minute averages) until it has read them all");
            lakehouse.runPipeline("sensors-streaming", true, Map.of(), line -> Terminal.OUT.println("   " + line));

            summary(lakehouse, Duration.ofNanos(System.nanoTime() - begin));
            return ExitCodes.OK;
        } catch (AuditFailedException e) {
            Terminal.error("the medallion audit failed, so main is unchanged; the data stays on branch " + e.branch() + ":");
            e.failures().forEach(failure -> Terminal.ERR.println("  " + failure.describe()));
            return ExitCodes.AUDIT_FAILED;
        } finally {
            LoggingSetup.shutdown();
        }
    }

    /** Readings from the last ten minutes (so the 1-minute windows fill), plus messages the stream must set aside. */
    private void produceSensorReadings(Lakehouse lakehouse) throws Exception {
        SensorReadings readings = new SensorReadings(42, 20);
        Instant start = Instant.now().minus(Duration.ofMinutes(10));
        long stepMillis = Math.max(1, Duration.ofMinutes(10).toMillis() / Math.max(1, events));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < events; i++) {
            lines.append(readings.next(start.plusMillis(i * stepMillis))).append('\n');
        }
        for (String malformed : List.of("not json at all", "{\"sensor_id\":\"sensor-001\"}", "{\"temperature\":\"warm\"}")) {
            lines.append(malformed).append('\n');
        }
        var produced = lakehouse.topics().produceLines(TOPIC,
                new java.io.ByteArrayInputStream(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), () -> false);
        if (produced.failed() > 0) {
            throw new IllegalStateException(produced.failed() + " readings were not produced: " + produced.error());
        }
    }

    private void summary(Lakehouse lakehouse, Duration took) throws Exception {
        SparkSession spark = lakehouse.spark();
        Terminal.OUT.println();
        Terminal.OUT.println("The lakehouse now holds (branch main):");
        for (String namespace : List.of("bronze", "silver", "gold", "iot")) {
            for (Row table : spark.sql("SHOW TABLES IN " + namespace).collectAsList()) {
                String name = namespace + "." + table.getString(1);
                long rows = spark.sql("SELECT count(*) FROM " + name).first().getLong(0);
                Terminal.OUT.printf(Locale.ROOT, "  %-34s %,10d rows%n", name, rows);
            }
        }
        Terminal.OUT.println();
        {
            List<NessieBranches.Commit> history = lakehouse.branches().log("main", 100);
            Terminal.OUT.println("Main's latest commits (every one: lakehouse branch log main):");
            history.stream().limit(4).forEach(DemoCommand::printCommit);
            history.stream().skip(4).filter(commit -> commit.message().startsWith("merge etl-")).findFirst().ifPresent(merge -> {
                Terminal.OUT.println("  ...");
                printCommit(merge);
            });
            Terminal.OUT.println("  (a merge publishes a medallion run: its branch etl-* was written and audited first, then deleted)");
        }
        Terminal.OUT.println();
        // lines to paste as they are: the way this program was run, and this data directory
        String lakehouseCommand = dev.lakehouse.launcher.Invocation.command();
        String dataDirOption = ClientCommand.dataDirOption(lakehouse.dataDir());
        Terminal.OUT.println("Next, start the whole stack in another terminal (it runs until Ctrl-C):");
        Terminal.OUT.println("  " + lakehouseCommand + dataDirOption);
        Terminal.OUT.println("then try, in this one:");
        for (String sql : TRY_NEXT) {
            Terminal.OUT.println("  " + lakehouseCommand + " sql" + dataDirOption + " -e \"" + sql + "\"");
        }
        Terminal.OUT.println("  " + lakehouseCommand + " sourcedb" + dataDirOption + "    # the source database, for psql or JDBC");
        List<java.nio.file.Path> flows = dev.lakehouse.flows.FlowSamples.installInto(lakehouse.dataDir().resolve("flows"));
        if (!flows.isEmpty()) {
            Terminal.OUT.println("  " + lakehouseCommand + " flow list" + dataDirOption + "   # sample flows, paused: "
                    + String.join(", ", flows.stream().map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")).toList()));
        }
        installNotebook(lakehouse).ifPresent(notebook -> Terminal.OUT.println("and, with the stack running, open the console's Notebooks page:"
                + " notebook medallion-tour walks through these tables, time travel and a branch diff (" + notebook + ")"));
        Terminal.OUT.printf(Locale.ROOT, "%nDemo done in %.0f s.%n", took.toMillis() / 1000.0);
    }

    /**
     * The medallion tour notebook, unless one of that name is there: its time-travel cell names the snapshot of
     * silver.orders this run left, and its branch diff needs the branch sandbox, made here from main when missing.
     */
    private static java.util.Optional<java.nio.file.Path> installNotebook(Lakehouse lakehouse) throws Exception {
        String sandbox = NotebookSamples.SANDBOX_BRANCH;
        if (lakehouse.branches().list().stream().noneMatch(reference -> reference.name().equals(sandbox))) {
            lakehouse.branches().create(sandbox, "main");
        }
        long snapshot = lakehouse.spark().sql("SELECT snapshot_id FROM silver.orders.snapshots ORDER BY committed_at DESC LIMIT 1")
                .first().getLong(0);
        return NotebookSamples.installMedallionTour(lakehouse.dataDir().resolve("notebooks"), Map.of("demo_snapshot", String.valueOf(snapshot)));
    }

    private static void printCommit(NessieBranches.Commit commit) {
        Terminal.OUT.printf("  %.12s  %s%n", commit.hash(), commit.message());
    }

    /** The three statements the summary suggests, each a question a trainee would ask of the new tables. */
    static final List<String> TRY_NEXT = List.of(
            "SELECT country, sum(revenue) AS revenue FROM gold.revenue_by_country_month GROUP BY country ORDER BY revenue DESC LIMIT 5",
            "SELECT source_table, reason, count(*) AS records FROM silver.quarantine GROUP BY 1, 2 ORDER BY 3 DESC",
            "SELECT sensor_id, max(avg_temperature) AS hottest_minute FROM iot.sensors_gold GROUP BY 1 ORDER BY 2 DESC LIMIT 5");
}
