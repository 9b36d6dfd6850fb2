package dev.lakehouse.client.cli;

import dev.lakehouse.client.EventStream;
import dev.lakehouse.client.LakehouseClient;
import dev.lakehouse.client.RunningLakehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code lakehouse pipeline ...}: the pipelines, run inside the running lakehouse on its Spark. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, header = "List the pipelines, or run one inside the lakehouse.",
        description = "The lakehouse's pipelines (Spark code under modules/pipelines), run inside the running lakehouse.",
        subcommands = {PipelineCommand.ListPipelines.class, PipelineCommand.Run.class})
public final class PipelineCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, header = "The pipelines there are.")
    static final class ListPipelines implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ClientHost host = (ClientHost) spec.root().userObject();
            Optional<RunningLakehouse> running = RunningLakehouse.find(host.dataDir());
            if (running.isPresent()) {
                for (Map<String, Object> pipeline : new LakehouseClient(running.get()).list("/api/pipelines")) {
                    Terminal.OUT.printf("%-20s %s%n", pipeline.get("name"), pipeline.get("description"));
                }
            } else {
                host.localPipelines().forEach((name, description) -> Terminal.OUT.printf("%-20s %s%n", name, description));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            header = "Run a pipeline inside the running lakehouse.",
            description = {"Runs the pipeline inside the lakehouse running on the data directory, on its Spark, with its"
                    + " progress shown here; Ctrl-C stops it there.",
                    "A streaming pipeline runs until Ctrl-C, or with --until-idle until its input is consumed; its"
                    + " checkpoints (in the data directory's spark/checkpoints) carry it across runs without loss or duplicates.",
                    "Exit code 4: an audit failed, and main is unchanged."})
    static final class Run extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The pipeline (see pipeline list).")
        String name;

        @Option(names = "--until-idle", description = "Stop once the input available now has been processed.")
        boolean untilIdle;

        @Option(names = "--layer", paramLabel = "LAYER",
                description = "medallion: only this layer (bronze, silver or gold; a comma list runs several).")
        String layer;

        @Option(names = "--format", paramLabel = "FORMAT",
                description = "medallion: the table format, iceberg (default: written on a branch, audited, merged) or delta "
                        + "(Delta tables under s3a://warehouse/delta, written in place and audited afterwards).")
        String format;

        @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A pipeline option (repeatable), e.g. topic=sensors.")
        Map<String, String> options = new LinkedHashMap<>();

        @Override
        protected Set<String> services() {
            // what else it needs, the lakehouse checks when it gets the run
            return Set.of("spark");
        }

        @Override
        protected Set<String> servicesToStart() {
            Set<String> services = new java.util.TreeSet<>(services());
            services.addAll(host().pipelineServices(name));
            return services;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected int run(LakehouseClient client) throws Exception {
            if (layer != null) {
                options.put("layer", layer);
            }
            if (format != null) {
                options.put("format", format);
            }
            long begin = System.nanoTime();
            try (CancelOnInterrupt cancel = new CancelOnInterrupt(client)) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("operation", cancel.operationId());
                request.put("untilIdle", untilIdle);
                request.put("options", options);
                try (EventStream events = client.stream("/api/pipelines/" + LakehouseClient.encode(name) + "/runs", request)) {
                    for (Optional<Map<String, Object>> event = events.next(); event.isPresent(); event = events.next()) {
                        Map<String, Object> e = event.get();
                        if (e.containsKey("started")) {
                            Map<String, Object> started = (Map<String, Object>) e.get("started");
                            Terminal.OUT.printf("Running %s inside the lakehouse (pid %s)%s; its log: %s%n", name,
                                    client.lakehouse().pid(), untilIdle ? " until its input is consumed" : "; Ctrl-C stops it",
                                    started.get("log"));
                        } else if (e.containsKey("progress")) {
                            Terminal.OUT.println(e.get("progress"));
                        } else if (e.containsKey("done")) {
                            return outcome((Map<String, Object>) e.get("done"), begin);
                        } else if (e.containsKey("error")) {
                            Terminal.error(String.valueOf(((Map<String, Object>) e.get("error")).get("message")));
                            return ExitCodes.FAILED;
                        }
                    }
                }
                Terminal.error(name + ": the lakehouse stopped answering in the middle of the run (did it stop? its log says why)");
                return ExitCodes.FAILED;
            }
        }

        @SuppressWarnings("unchecked")
        private int outcome(Map<String, Object> done, long begin) {
            String status = String.valueOf(done.get("status"));
            switch (status) {
                case "SUCCEEDED" -> {
                    Terminal.OUT.printf(java.util.Locale.ROOT, "%s done in %.1f s%n", name, (System.nanoTime() - begin) / 1e9);
                    return ExitCodes.OK;
                }
                case "CANCELLED" -> {
                    Terminal.OUT.printf("%s stopped%s%n", name, done.containsKey("message") ? ": " + done.get("message") : "");
                    return ExitCodes.INTERRUPTED;
                }
                case "AUDIT_FAILED" -> {
                    Terminal.error(name + ": the audit failed, so main is unchanged; the data stays on branch " + done.get("branch")
                            + " for inspection (lakehouse branch log " + done.get("branch") + "):");
                    ((List<Object>) done.getOrDefault("failures", List.of())).forEach(failure -> Terminal.ERR.println("  " + failure));
                    return ExitCodes.AUDIT_FAILED;
                }
                case "INVALID" -> {
                    Terminal.error(name + ": " + done.get("message"));
                    return ExitCodes.CONFIG;
                }
                default -> {
                    Terminal.error(name + " failed: " + done.get("message") + " (the lakehouse's log has the details: "
                            + done.getOrDefault("log", "<data-dir>/logs") + ")");
                    return ExitCodes.FAILED;
                }
            }
        }
    }
}
