package dev.lakehouse.app.chaos;

import dev.lakehouse.app.bench.Machine;
import dev.lakehouse.app.bench.Results;
import dev.lakehouse.app.it.LakehouseProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fault-injection harness behind scripts/chaos: crash cycles, concurrent writers, soak and exposure, each on a
 * lakehouse.jar of its own in a fresh data directory; writes results.json and results.md into target/chaos/TIME/
 * and prints the table and every problem seen. Exit code 1 when a fault was found. {@code --quick}: a few minutes.
 * (The bad-input cases run in the default test suite, as BadInputIT.)
 */
public final class Chaos {
    /** The counts that are faults: the target of each is 0. */
    private static final List<String> FAULTS = List.of("readings lost", "readings duplicated", "statements lost", "statements applied twice",
            "objects lost", "objects corrupt", "objects no PUT wrote", "tables unreadable", "branches unresolved", "medallion runs failed between kills",
            "appends lost", "appends duplicated", "counter units lost", "counter units added twice", "statements given up after retries",
            "branch rows lost or doubled by merges", "conflicting merges let through", "ERROR lines in the log",
            "ports listening beyond loopback");

    private Chaos() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(String.join(" ", args).trim().split("\\s+"));
        boolean quick = options.contains("--quick");
        Set<String> only = options.stream().filter(o -> o.startsWith("--only=")).findFirst()
                .map(o -> Set.of(o.substring("--only=".length()).split(","))).orElse(Set.of());
        int cycles = intOption(options, "--cycles", quick ? 3 : 50);
        int soakMinutes = intOption(options, "--soak", quick ? 3 : 30);
        int commits = intOption(options, "--commits", quick ? 200 : 1000);
        long seed = intOption(options, "--seed", (int) (System.currentTimeMillis() & 0x7fffffff));

        Results results = new Results(Machine.describe(LakehouseProcess.jar().getFileName().toString()));
        List<String> problems = new ArrayList<>();
        Consumer<String> log = line -> System.out.println("  " + line);
        System.out.println("lakehouse chaos" + (quick ? " (quick)" : "") + ", seed " + seed + ": "
                + results.markdown().lines().findFirst().orElse(""));

        if (only.isEmpty() || only.contains("crash")) {
            Findings findings = inFreshDataDir("crash", dir -> CrashCycles.run(dir, new CrashCycles.Settings(cycles, Duration.ofSeconds(10),
                    Duration.ofSeconds(quick ? 25 : 60), 50, seed), log));
            report(results, problems, "crash", findings);
        }
        if (only.isEmpty() || only.contains("concurrency")) {
            Findings findings = inFreshDataDir("concurrency", dir -> {
                try (ChaosStack stack = ChaosStack.start(dir, "--services", "spark,trino")) {
                    return ConcurrentWriters.run(stack, new ConcurrentWriters.Settings(4, commits, quick ? 5 : 20, seed), log);
                }
            });
            report(results, problems, "concurrency", findings);
        }
        if (only.isEmpty() || only.contains("soak")) {
            Findings findings = inFreshDataDir("soak", dir -> Soak.run(dir, Duration.ofMinutes(soakMinutes), 100, log));
            report(results, problems, "soak", findings);
        }

        Path folder = Path.of(System.getProperty("chaos.output", "target/chaos"))
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        results.write(folder);
        if (!problems.isEmpty()) {
            Files.write(folder.resolve("problems.txt"), problems);
        }
        System.out.println();
        System.out.println(results.markdown());
        problems.forEach(problem -> System.out.println("PROBLEM " + problem));
        System.out.println("results: " + folder.toAbsolutePath());
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private interface Experiment {
        Findings run(Path dataDir) throws Exception;
    }

    /** Runs one experiment in a data directory of its own, removed afterwards unless something went wrong there. */
    private static Findings inFreshDataDir(String name, Experiment experiment) throws Exception {
        Path dataDir = Files.createTempDirectory("lakehouse-chaos-" + name);
        System.out.println(name + ": data dir " + dataDir);
        Findings findings;
        try {
            findings = experiment.run(dataDir);
        } catch (Exception e) {
            findings = new Findings();
            findings.problem(name + " could not run to its end: " + e);
            e.printStackTrace();
        }
        if (findings.problems().isEmpty()) {
            deleteQuietly(dataDir);
        } else {
            System.out.println(name + ": data dir kept for a look: " + dataDir);
        }
        return findings;
    }

    private static void report(Results results, List<String> problems, String section, Findings findings) {
        findings.addTo(results, section, FAULTS);
        findings.problems().forEach(problem -> problems.add(section + ": " + problem));
    }

    private static int intOption(List<String> options, String name, int otherwise) {
        int at = options.indexOf(name);
        if (at >= 0 && at + 1 < options.size()) {
            return Integer.parseInt(options.get(at + 1));
        }
        return options.stream().filter(o -> o.startsWith(name + "=")).findFirst()
                .map(o -> Integer.parseInt(o.substring(name.length() + 1))).orElse(otherwise);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (Exception e) {
            // a temp folder left behind is no reason to fail the run
        }
    }
}
