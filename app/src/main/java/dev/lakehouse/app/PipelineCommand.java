package dev.lakehouse.app;

import dev.lakehouse.runtime.logging.LoggingSetup;
import dev.lakehouse.spark.LakehouseSparkSessions;
import dev.lakehouse.spark.pipeline.AuditFailedException;
import dev.lakehouse.spark.pipeline.InvalidOptionException;
import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.PipelineContext;
import dev.lakehouse.spark.pipeline.Pipelines;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code lakehouse pipeline ...}: the sample pipelines. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "The lakehouse's pipelines (plain Spark code under modules/pipelines).",
        subcommands = {PipelineCommand.ListPipelines.class, PipelineCommand.Run.class})
final class PipelineCommand {
    @ParentCommand
    LakehouseCli cli;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The pipelines there are.")
    static final class ListPipelines implements Callable<Integer> {
        @Override
        public Integer call() {
            Pipelines.all().forEach((name, pipeline) -> Terminal.OUT.printf("%-20s %s%n", name, pipeline.description()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a pipeline in this process's own Spark (local[*]) against the lakehouse running on the data",
                    "directory, as an external Spark job would, or against the components it needs started for the run.",
                    "A streaming pipeline runs until Ctrl-C, or with --until-idle until its input is consumed; its",
                    "checkpoints under <data-dir>/spark/checkpoints/NAME carry it across runs without loss or duplicates."})
    static final class Run implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipelines;

        @Parameters(paramLabel = "NAME", description = "The pipeline (see pipeline list).")
        String name;

        @Option(names = "--until-idle", description = "Stop once the input available now has been processed.")
        boolean untilIdle;

        @Option(names = "--layer", paramLabel = "LAYER",
                description = "medallion: only this layer (bronze, silver or gold; a comma list runs several).")
        String layer;

        @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A pipeline option (repeatable), e.g. topic=sensors.")
        Map<String, String> options = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            Pipeline pipeline;
            try {
                pipeline = Pipelines.named(name);
            } catch (IllegalArgumentException e) {
                Terminal.error(e.getMessage());
                return ExitCodes.CONFIG;
            }
            if (layer != null) {
                options.put("layer", layer);
            }
            try {
                pipeline.checkOptions(options);
            } catch (InvalidOptionException e) {
                Terminal.error(pipeline.name() + ": " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            Path dataDir = pipelines.cli.resolvedDataDir();
            // a pipeline runs long: it logs into the data directory like a start does
            Path logFile = LoggingSetup.toFile(dataDir);
            List<String> services = new ArrayList<>(List.of("catalog"));
            services.addAll(pipeline.services());
            try (StackConnection stack = StackConnection.open(dataDir, services.toArray(String[]::new))) {
                SparkSession spark = LakehouseSparkSessions.client(stack.endpoint("catalog", "iceberg"), stack.endpoint("storage", "s3"),
                        dataDir, pipelines.cli.configuration().configurationWithPrefix("spark.conf."));
                // Ctrl-C stops the streams; the hook then waits for the run to have ended (not for this thread:
                // it ends only in System.exit, which waits for the hooks)
                CountDownLatch ended = new CountDownLatch(1);
                Thread stopper = new Thread(() -> {
                    for (var query : spark.streams().active()) {
                        try {
                            query.stop();
                        } catch (Exception e) {
                            // stopping anyway
                        }
                    }
                    try {
                        ended.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "pipeline-stop");
                Runtime.getRuntime().addShutdownHook(stopper);
                long begin = System.nanoTime();
                try {
                    Terminal.OUT.printf("Running %s%s (log: %s)...%n", pipeline.name(),
                            untilIdle ? " until its input is consumed" : "; Ctrl-C stops it", logFile);
                    pipeline.run(new PipelineContext(spark, stack::endpoint,
                            LakehouseSparkSessions.checkpoints(dataDir).resolve(pipeline.name()), untilIdle, options, Terminal.OUT::println));
                    Terminal.OUT.printf(Locale.ROOT, "%s done in %.1f s%n", pipeline.name(), (System.nanoTime() - begin) / 1e9);
                    return ExitCodes.OK;
                } catch (AuditFailedException e) {
                    Terminal.error(pipeline.name() + ": the audit failed, so main is unchanged; the data stays on branch "
                            + e.branch() + " for inspection (lakehouse branch log " + e.branch() + "):");
                    e.failures().forEach(failure -> Terminal.ERR.println("  " + failure.describe()));
                    return ExitCodes.AUDIT_FAILED;
                } catch (InvalidOptionException e) {
                    Terminal.error(pipeline.name() + ": " + e.getMessage());
                    return ExitCodes.CONFIG;
                } finally {
                    spark.stop();
                    ended.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(stopper);
                    } catch (IllegalStateException e) {
                        // shutting down: the hook is waiting for this run to end
                    }
                }
            } catch (StackConnection.CommandException e) {
                Terminal.error(e.getMessage());
                return ExitCodes.START_FAILED;
            }
        }
    }
}
