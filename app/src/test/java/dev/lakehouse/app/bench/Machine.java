package dev.lakehouse.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the figures were measured on. */
public final class Machine {
    private Machine() {
    }

    public static Map<String, Object> describe(String lakehouseVersion) {
        Map<String, Object> machine = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        long memoryMb = meminfoKb("MemTotal").orElse(0L) / 1024;
        String cpu = cpuModel();
        machine.put("cores", cores);
        machine.put("memoryMb", memoryMb);
        machine.put("cpu", cpu);
        machine.put("jdk", System.getProperty("java.vendor") + " " + Runtime.version());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("lakehouse", lakehouseVersion);
        machine.put("summary", String.format("%d cores (%s), %d MB RAM, %s, JDK %s, lakehouse %s", cores, cpu, memoryMb,
                machine.get("os"), Runtime.version(), lakehouseVersion));
        return machine;
    }

    /** Resident memory of a process, from /proc. */
    public static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static Optional<Long> meminfoKb(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith(key + ":"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown cpu");
        } catch (IOException e) {
            return "unknown cpu";
        }
    }
}
