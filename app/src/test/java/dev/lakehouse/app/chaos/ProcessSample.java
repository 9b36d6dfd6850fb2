package dev.lakehouse.app.chaos;

import dev.lakehouse.app.bench.Machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One look at the lakehouse JVM from outside: resident memory, heap in use right after a full GC (asked for with
 * jcmd, so garbage not yet collected does not count as growth), threads and open file descriptors.
 */
record ProcessSample(double minute, long rssMb, long heapAfterGcMb, long threads, long openFiles) {
    private static final Pattern HEAP_USED = Pattern.compile("(?i)heap\\s+total[^\\n]*?used\\s+(\\d+)K");

    static ProcessSample of(long pid, double minute) throws IOException, InterruptedException {
        return new ProcessSample(minute, Machine.rssKb(pid) / 1024, heapAfterGcKb(pid) / 1024, threads(pid), openFiles(pid));
    }

    private static long heapAfterGcKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) : -1;
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
