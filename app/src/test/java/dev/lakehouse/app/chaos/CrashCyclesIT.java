package dev.lakehouse.app.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash cycles of scripts/chaos, short: three kill -9s of a working stack, then nothing acknowledged is lost
 * or doubled, every table reads on both engines, every branch resolves. (scripts/chaos runs 50 cycles.)
 */
class CrashCyclesIT {
    @Test
    void nothingAcknowledgedIsLostOrDoubledAcrossKills(@TempDir Path dataDir) throws Exception {
        Findings findings = CrashCycles.run(dataDir, new CrashCycles.Settings(3, Duration.ofSeconds(8), Duration.ofSeconds(20), 40,
                System.nanoTime()), System.out::println);

        findings.counts().forEach((metric, value) -> System.out.println("  " + metric + ": " + value));
        assertThat(findings.problems()).as("what went wrong").isEmpty();
        assertThat(findings.count("readings acknowledged")).as("readings got through").isPositive();
        assertThat(findings.count("statements acknowledged")).as("statements got through").isPositive();
        assertThat(findings.count("objects acknowledged")).as("objects got through").isPositive();
        for (String fault : new String[]{"readings lost", "readings duplicated", "statements lost", "statements applied twice",
                "objects lost", "objects corrupt", "objects no PUT wrote", "tables unreadable", "branches unresolved"}) {
            assertThat(findings.count(fault)).as(fault).isZero();
        }
    }
}
