package dev.lakehouse.client.cli;

import dev.lakehouse.client.EventStream;
import dev.lakehouse.client.LakehouseClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** {@code lakehouse produce}: stdin's lines, or generated IoT sensor readings, into a Kafka topic. */
@Command(name = "produce", mixinStandardHelpOptions = true, header = "Send stdin's lines, or sensor readings, to a topic.",
        description = "Sends messages to a Kafka topic of the running lakehouse: each line of standard input when it is a"
                + " pipe or a file (echo '{...}' | lakehouse produce --topic t), otherwise generated IoT sensor readings"
                + " (JSON: sensor_id, temperature, event_time, seq): --count of them (default 1000), or --rate per second"
                + " until Ctrl-C.")
public final class ProduceCommand extends ClientCommand {
    /** Readings when neither --count nor --rate says otherwise: enough to see a stream move, never a flood. */
    static final long DEFAULT_READINGS = 1000;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic (created on first use).")
    String topic;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--stdin", description = "Send standard input's lines (the default when it is a pipe or a file).")
        boolean stdin;

        @Option(names = "--generate", description = "Send generated readings even when standard input is a pipe.")
        boolean generate;
    }

    @Option(names = "--count", paramLabel = "N", description = "How many readings (default: " + DEFAULT_READINGS
            + ", or until Ctrl-C with --rate); with stdin, at most N lines.")
    Long count;

    @Option(names = "--rate", paramLabel = "N", description = "Readings per second (default: as fast as the broker takes them).")
    Long rate;

    @Option(names = "--sensors", paramLabel = "N", defaultValue = "50", description = "How many sensors the generator simulates (default: 50).")
    int sensors;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "The generator's seed: the same seed, the same readings.")
    long seed;

    @Override
    protected Set<String> services() {
        return Set.of("kafka");
    }

    @Override
    protected int run(LakehouseClient client) throws Exception {
        if (count != null && count < 1 || rate != null && rate < 1) {
            Terminal.error("produce: --count and --rate take a number of 1 or more");
            return ExitCodes.CONFIG;
        }
        boolean fromStdin = source != null ? source.stdin : stdinHasInput();
        return fromStdin ? sendStdin(client) : sendReadings(client);
    }

    /** A pipe or a file; not a terminal, nor /dev/null (a cron job's or a CI step's stdin). */
    private static boolean stdinHasInput() {
        if (Terminal.inputIsTerminal()) {
            return false;
        }
        try {
            return !java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString().equals("/dev/null");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return true;
        }
    }

    private int sendStdin(LakehouseClient client) throws Exception {
        AtomicLong bytes = new AtomicLong();
        InputStream input = count == null ? System.in : new LineLimit(System.in, count);
        long begin = System.nanoTime();
        Map<String, Object> result = client.upload("/api/topics/" + LakehouseClient.encode(topic) + "/messages", input, bytes::set);
        return summary(result, begin);
    }

    @SuppressWarnings("unchecked")
    private int sendReadings(LakehouseClient client) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        if (count != null || rate == null) {
            request.put("count", count != null ? count : DEFAULT_READINGS);
        }
        if (rate != null) {
            request.put("rate", rate);
        }
        request.put("sensors", sensors);
        request.put("seed", seed);
        long begin = System.nanoTime();
        try (CancelOnInterrupt cancel = new CancelOnInterrupt(client)) {
            request.put("operation", cancel.operationId());
            if (count == null && rate != null) {
                Terminal.ERR.printf("Sending %d readings a second to %s until Ctrl-C...%n", rate, topic);
            }
            try (EventStream events = client.stream("/api/topics/" + LakehouseClient.encode(topic) + "/readings", request)) {
                for (Optional<Map<String, Object>> event = events.next(); event.isPresent(); event = events.next()) {
                    if (event.get().containsKey("done")) {
                        return summary((Map<String, Object>) event.get().get("done"), begin);
                    }
                    if (event.get().containsKey("error")) {
                        Terminal.error(String.valueOf(((Map<String, Object>) event.get().get("error")).get("message")));
                        return ExitCodes.FAILED;
                    }
                }
            }
            Terminal.error("the lakehouse stopped answering while producing (did it stop?)");
            return ExitCodes.FAILED;
        }
    }

    private int summary(Map<String, Object> result, long begin) {
        long produced = ((Number) result.getOrDefault("produced", 0)).longValue();
        long failed = ((Number) result.getOrDefault("failed", 0)).longValue();
        double seconds = (System.nanoTime() - begin) / 1e9;
        Terminal.OUT.printf(Locale.ROOT, "Produced %d message%s to %s in %.1f s (%.0f/s)%s%n", produced, produced == 1 ? "" : "s", topic, seconds,
                produced / Math.max(seconds, 0.001), failed == 0 ? "" : "; " + failed + " failed: " + result.get("error"));
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Standard input up to its Nth line (--count with stdin). */
    private static final class LineLimit extends InputStream {
        private final InputStream in;
        private long linesLeft;

        LineLimit(InputStream in, long lines) {
            this.in = in;
            this.linesLeft = lines;
        }

        @Override
        public int read() throws java.io.IOException {
            if (linesLeft <= 0) {
                return -1;
            }
            int b = in.read();
            if (b == '\n') {
                linesLeft--;
            }
            return b;
        }
    }
}
