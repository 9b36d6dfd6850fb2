package dev.lakehouse.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AotCacheTest {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @Test
    void onlyAStartOfTheWholeStackIsRecorded() {
        assertThat(AotCache.isFullStart(List.of())).isTrue();
        assertThat(AotCache.isFullStart(List.of("start", "--data-dir", "/tmp/x"))).isTrue();
        assertThat(AotCache.isFullStart(List.of("--services", "storage"))).isFalse();
        assertThat(AotCache.isFullStart(List.of("--services=storage"))).isFalse();
        assertThat(AotCache.isFullStart(List.of("--set", "lakehouse.services=spark"))).isFalse();
        assertThat(AotCache.isFullStart(List.of("sql", "-e", "SELECT 1"))).isFalse();
    }

    @Test
    void startsWithoutSparkDoNotMapTheCache() {
        assertThat(AotCache.withoutSpark(List.of())).isFalse();
        assertThat(AotCache.withoutSpark(List.of("--services", "storage"))).isTrue();
        assertThat(AotCache.withoutSpark(List.of("--services=catalog,trino"))).isTrue();
        assertThat(AotCache.withoutSpark(List.of("--services", "spark,trino"))).isFalse();
        assertThat(AotCache.withoutSpark(List.of("--set", "lakehouse.services=storage"))).isTrue();
    }

    @Test
    void aRecordedRunThatNeverGotUpBuildsNoCacheAndTheNextStartRecordsAgain(@TempDir Path payload) throws Exception {
        AotCache aot = AotCache.in(payload);
        Path record = recordOfARun(aot);

        String printed = printedBy(() -> aot.create(JAVA, List.of(), "unused.jar"));

        assertThat(printed).isEmpty();
        assertThat(record).doesNotExist();
        try (var files = Files.list(record.getParent())) {
            assertThat(files).isEmpty();
        }
        assertThat(AotCache.in(payload).jvmOptions(List.of("start"))).contains("-XX:AOTMode=record");
    }

    @Test
    void aRecordedRunWhoseStackGotUpIsMadeIntoACache(@TempDir Path payload) throws Exception {
        AotCache aot = AotCache.in(payload);
        Path record = recordOfARun(aot);
        Files.createFile(startedMarker(aot.jvmOptions(List.of("start"))));

        // the record is not a real one: the JVM refuses it, and the marker and the record are cleaned up
        String printed = printedBy(() -> aot.create(JAVA, List.of(), "unused.jar"));

        assertThat(printed).startsWith("Writing the startup cache").contains("No startup cache this time");
        assertThat(record).doesNotExist();
        assertThat(startedMarker(AotCache.in(payload).jvmOptions(List.of("start")))).doesNotExist();
    }

    @Test
    void theLongerStopIsAnnouncedOnceAsSoonAsItBegins(@TempDir Path payload) throws Exception {
        AotCache aot = AotCache.in(payload);
        recordOfARun(aot);
        assertThat(printedBy(aot::announce)).isEmpty();   // the stack never got up: no cache will be written

        Files.createFile(startedMarker(aot.jvmOptions(List.of("start"))));
        String whenTheStopBegins = printedBy(aot::announce);
        String whenTheCacheIsBuilt = printedBy(() -> aot.create(JAVA, List.of(), "unused.jar"));

        assertThat(whenTheStopBegins).startsWith("Writing the startup cache");
        assertThat(whenTheCacheIsBuilt).as("not announced twice, and the end is said").doesNotContain("Writing")
                .startsWith("No startup cache this time");
    }

    /** What a run recorded, and the options it ran with: the stack creates the marker once it is up. */
    private static Path recordOfARun(AotCache aot) throws Exception {
        List<String> options = aot.jvmOptions(List.of("start"));
        assertThat(options).contains("-XX:AOTMode=record");
        Path record = Path.of(option(options, "-XX:AOTConfiguration="));
        Files.writeString(record, "what a run recorded");
        return record;
    }

    private static Path startedMarker(List<String> options) {
        return Path.of(option(options, "-D" + Launcher.STARTED_MARKER_PROPERTY + "="));
    }

    private static String option(List<String> options, String prefix) {
        return options.stream().filter(option -> option.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }

    private static String printedBy(Runnable work) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
