package dev.lakehouse.app.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The concurrent writers of scripts/chaos, short: four Trino and four Spark writers, 80 commits to the same tables,
 * then two branches written at once and merged. (scripts/chaos runs 1,000 commits.)
 */
class ConcurrentWritersIT {
    @Test
    void noUpdateIsLostAndNoConflictIsSilent(@TempDir Path dataDir) throws Exception {
        Findings findings;
        try (ChaosStack stack = ChaosStack.start(dataDir, "--services", "spark,trino")) {
            findings = ConcurrentWriters.run(stack, new ConcurrentWriters.Settings(4, 80, 5, System.nanoTime()), System.out::println);
        }

        findings.counts().forEach((metric, value) -> System.out.println("  " + metric + ": " + value));
        assertThat(findings.problems()).as("what went wrong").isEmpty();
        assertThat(findings.count("commits acknowledged")).isGreaterThanOrEqualTo(80);
        for (String fault : new String[]{"appends lost", "appends duplicated", "counter units lost", "counter units added twice",
                "branch rows lost or doubled by merges", "conflicting merges let through"}) {
            assertThat(findings.count(fault)).as(fault).isZero();
        }
    }
}
