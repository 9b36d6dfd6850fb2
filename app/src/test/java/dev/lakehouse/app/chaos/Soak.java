package dev.lakehouse.app.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Part 4 of the chaos run: the whole stack kept busy (readings streamed in and ingested, medallion runs, Trino
 * INSERTs and MERGEs, S3 PUTs, compactions) for a number of minutes, looked at once a minute from outside. Memory, threads and
 * open files must stay flat (the last part of the run against the first), nothing may be lost, and the log must not
 * have one ERROR line.
 */
final class Soak {
    /** Object PUTs of up to 512 KB: 10 a second is 9 GB in a 30-minute soak, which a laptop's disk holds. */
    private static final int SOAK_PUTS_PER_SECOND = 10;
    /** How often the tables are compacted, as a scheduled job would. */
    private static final Duration MAINTENANCE_INTERVAL = Duration.ofSeconds(60);

    private Soak() {
    }

    static Findings run(Path dataDir, Duration length, int readingsPerSecond, Consumer<String> log) throws Exception {
        Findings findings = new Findings();
        List<CrashWorkload> workloads = List.of(new ReadingsWorkload(readingsPerSecond, true), new MedallionWorkload(),
                new TrinoStatementsWorkload(), new ObjectsWorkload(SOAK_PUTS_PER_SECOND), new TableMaintenanceWorkload(MAINTENANCE_INTERVAL));
        List<ProcessSample> samples = new ArrayList<>();
        // Snapshots stay for an hour by default (catalog.snapshot-max-age), longer than a 30-minute soak: a third of
        // the soak's length lets its last part show the steady state a default stack reaches after its first hour
        long snapshotMinutes = Math.max(5, length.toMinutes() / 3);
        findings.count("catalog.snapshot-max-age", snapshotMinutes, "min");
        try (ChaosStack stack = ChaosStack.start(dataDir, "--set", "catalog.snapshot-max-age=" + snapshotMinutes + "m")) {
            long pid = stack.pid();
            for (CrashWorkload workload : workloads) {
                workload.start(stack);
            }
            long begin = System.nanoTime();
            long minutes = Math.max(2, length.toMinutes());
            long window = comparedMinutes(minutes);
            Map<String, Long> classesEarly = Map.of();
            for (int minute = 1; minute <= minutes; minute++) {
                long due = begin + Duration.ofMinutes(minute).toNanos();
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                ProcessSample sample = ProcessSample.of(pid, minute);
                samples.add(sample);
                log.accept(String.format(Locale.ROOT, "soak minute %d of %d: RSS %d MB, heap after GC %d MB, %d threads, %d open files",
                        minute, minutes, sample.rssMb(), sample.heapAfterGcMb(), sample.threads(), sample.openFiles()));
                if (minute == window) {
                    classesEarly = ProcessSample.liveBytesByClass(pid);
                }
            }
            logGrowth(classesEarly, ProcessSample.liveBytesByClass(pid), window, log);
            long stopped = System.nanoTime();
            for (CrashWorkload workload : workloads) {
                workload.stop(findings, stopped);
            }
            // a statement or PUT interrupted by the stop may have taken effect unacknowledged, as at a kill
            for (CrashWorkload workload : workloads) {
                workload.reconcile(stack);
            }
            for (CrashWorkload workload : workloads) {
                workload.verify(stack, findings);
            }
            findings.count("soak minutes", minutes, "min");
            compare(findings, samples, "RSS", ProcessSample::rssMb, "MB");
            compare(findings, samples, "heap after GC", ProcessSample::heapAfterGcMb, "MB");
            compare(findings, samples, "threads", ProcessSample::threads, "");
            compare(findings, samples, "open files", ProcessSample::openFiles, "");
            List<String> errors = errorLines(dataDir.resolve("logs"));
            findings.count("ERROR lines in the log", errors.size(), "");
            errors.stream().limit(10).forEach(line -> findings.problem("log: " + line));
        }
        return findings;
    }

    /**
     * The mean of the first and of the last part of the run (ten minutes each, a third of a shorter run), and their
     * ratio: flat is a ratio near 1; a leak shows as a ratio that grows with the run's length. The first part holds
     * the warm-up (the heap grows to its working size, caches and pools fill), so the last part is also compared with
     * the part just before it: once warm, a leak still grows from one to the next, a working set does not.
     */
    private static void compare(Findings findings, List<ProcessSample> samples, String what, ToLongFunction<ProcessSample> value, String unit) {
        int window = comparedMinutes(samples.size());
        double first = mean(samples.subList(0, window), value);
        double before = mean(samples.subList(samples.size() - 2 * window, samples.size() - window), value);
        double last = mean(samples.subList(samples.size() - window, samples.size()), value);
        findings.count(what + ", first " + window + " min", first, unit);
        findings.count(what + ", last " + window + " min", last, unit);
        findings.count(what + ", last / first", last / first, "");
        findings.count(what + ", last / the " + window + " min before", last / before, "");
    }

    private static double mean(List<ProcessSample> samples, ToLongFunction<ProcessSample> value) {
        return samples.stream().mapToLong(value).average().orElse(Double.NaN);
    }

    /** Ten minutes at each end of the run, a third of a shorter one. */
    private static int comparedMinutes(long minutes) {
        return (int) Math.max(1, Math.min(10, minutes / 3));
    }

    /** The classes whose live bytes grew most from the end of the first part to the end of the run. */
    private static void logGrowth(Map<String, Long> early, Map<String, Long> late, long window, Consumer<String> log) {
        log.accept("soak: live heap that grew most from minute " + window + " to the end, by class");
        late.entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), entry.getValue() - early.getOrDefault(entry.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(15)
                .forEach(entry -> log.accept(String.format(Locale.ROOT, "  %+,d KB  %s", entry.getValue() / 1024, entry.getKey())));
    }

    static List<String> errorLines(Path logs) throws IOException {
        List<String> errors = new ArrayList<>();
        if (!Files.isDirectory(logs)) {
            return errors;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                try (Stream<String> lines = Files.lines(file)) {
                    lines.filter(line -> line.contains(" ERROR ")).map(line -> file.getFileName() + ": " + line).forEach(errors::add);
                }
            }
        }
        return errors;
    }
}
