package dev.lakehouse.app.chaos;

import dev.lakehouse.app.bench.Machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One look at the lakehouse JVM from outside: resident memory, the heap's live objects (jcmd's class histogram, which
 * counts them in the pause of a full GC, so garbage does not count as growth), threads and open file descriptors.
 */
record ProcessSample(double minute, long rssMb, long heapAfterGcMb, long threads, long openFiles) {
    /** The histogram's last line: Total, then the instances, then the bytes. */
    private static final Pattern LIVE_BYTES = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");
    /** A histogram row: rank, instances, bytes, class name. */
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

    static ProcessSample of(long pid, double minute) throws IOException, InterruptedException {
        return new ProcessSample(minute, Machine.rssKb(pid) / 1024, heapAfterGcKb(pid) / 1024, threads(pid), openFiles(pid));
    }

    /**
     * Not GC.run followed by GC.heap_info: a busy lakehouse allocates hundreds of MB between the two calls, which made
     * the figure swing by ±200 MB from one minute to the next.
     */
    private static long heapAfterGcKb(long pid) throws IOException, InterruptedException {
        Matcher live = LIVE_BYTES.matcher(jcmd(pid, "GC.class_histogram"));
        return live.find() ? Long.parseLong(live.group(1)) / 1024 : -1;
    }

    /**
     * Live bytes per class, from the same class histogram: two of them, from the first part of a soak and its end,
     * name what grew when the heap did.
     */
    static Map<String, Long> liveBytesByClass(long pid) throws IOException, InterruptedException {
        Map<String, Long> bytes = new HashMap<>();
        Matcher row = HISTOGRAM_ROW.matcher(jcmd(pid, "GC.class_histogram"));
        while (row.find()) {
            bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
        }
        return bytes;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), command)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return output;
    }

    private static long threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.count();
        }
    }
}
