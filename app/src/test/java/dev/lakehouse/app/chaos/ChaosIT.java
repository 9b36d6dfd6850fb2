package dev.lakehouse.app.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/chaos, short, on one stack: two kill -9s of a working stack, after which nothing acknowledged is lost or
 * doubled, every table reads on both engines, every branch resolves and no port listens beyond loopback; then, on
 * the last start, four Trino and four Spark writers make 60 commits to the same tables and two branches are merged.
 * (scripts/chaos runs 50 cycles and 1,000 commits.)
 */
class ChaosIT {
    @Test
    void nothingAcknowledgedIsLostOrDoubledAcrossKillsNorByConcurrentWriters(@TempDir Path dataDir) throws Exception {
        Findings[] concurrency = {null};
        Findings crash = CrashCycles.run(dataDir, new CrashCycles.Settings(2, Duration.ofSeconds(8), Duration.ofSeconds(15), 40,
                System.nanoTime()), System.out::println,
                stack -> concurrency[0] = ConcurrentWriters.run(stack, new ConcurrentWriters.Settings(4, 60, 5, System.nanoTime()), System.out::println));

        crash.counts().forEach((metric, value) -> System.out.println("  crash: " + metric + ": " + value));
        concurrency[0].counts().forEach((metric, value) -> System.out.println("  concurrency: " + metric + ": " + value));
        assertThat(crash.problems()).as("what went wrong in the crash cycles").isEmpty();
        assertThat(crash.count("readings acknowledged")).as("readings got through").isPositive();
        assertThat(crash.count("statements acknowledged")).as("statements got through").isPositive();
        assertThat(crash.count("objects acknowledged")).as("objects got through").isPositive();
        for (String fault : new String[]{"readings lost", "readings duplicated", "statements lost", "statements applied twice",
                "objects lost", "objects corrupt", "objects no PUT wrote", "tables unreadable", "branches unresolved",
                "ports listening beyond loopback"}) {
            assertThat(crash.count(fault)).as(fault).isZero();
        }
        assertThat(concurrency[0].problems()).as("what went wrong with concurrent writers").isEmpty();
        assertThat(concurrency[0].count("commits acknowledged")).isGreaterThanOrEqualTo(60);
        for (String fault : new String[]{"appends lost", "appends duplicated", "counter units lost", "counter units added twice",
                "branch rows lost or doubled by merges", "conflicting merges let through"}) {
            assertThat(concurrency[0].count(fault)).as(fault).isZero();
        }
    }
}
