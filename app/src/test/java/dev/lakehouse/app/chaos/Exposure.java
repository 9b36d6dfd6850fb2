package dev.lakehouse.app.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Part 5 of the chaos run, the part a test can see from outside: every TCP port the lakehouse JVM listens on, read
 * from the kernel (/proc/net/tcp and tcp6, matched to the process's socket descriptors), must be bound to a loopback
 * address by default, so nothing of a trainee's lakehouse is reachable from the network.
 */
final class Exposure {
    private static final int LISTEN = 0x0A;

    /** A listening socket: its local address as the kernel prints it, and its port. */
    record Listener(String address, int port, boolean loopback) {
    }

    private Exposure() {
    }

    static void check(ChaosStack stack, Findings findings) throws IOException {
        List<Listener> listeners = listeners(stack.pid());
        long exposed = listeners.stream().filter(listener -> !listener.loopback()).count();
        findings.count("listening ports", listeners.size(), "");
        findings.count("ports listening beyond loopback", exposed, "");
        listeners.stream().filter(listener -> !listener.loopback())
                .forEach(listener -> findings.problem("port " + listener.port() + " listens on " + listener.address() + ", not on loopback"));
    }

    static List<Listener> listeners(long pid) throws IOException {
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while we looked
                }
            }
        }
        Set<String> seen = new TreeSet<>();
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            List<String> lines = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (Integer.parseInt(fields[3], 16) != LISTEN || !sockets.contains(fields[9])) {
                    continue;
                }
                String[] local = fields[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                Listener listener = new Listener(address(local[0]), port, isLoopback(local[0]));
                if (seen.add(listener.address() + ":" + port)) {
                    listeners.add(listener);
                }
            }
        }
        return listeners;
    }

    /** The kernel prints IPv4 as 8 hex digits in host (little-endian) order, IPv6 as 32. */
    private static boolean isLoopback(String hex) {
        if (hex.length() == 8) {
            return hex.endsWith("7F"); // 127.x.x.x: its first byte is printed last
        }
        return hex.equals("00000000000000000000000001000000") // ::1
                || hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"); // ::ffff:127.x.x.x
    }

    private static String address(String hex) {
        if (hex.length() == 8) {
            return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
                    + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
        }
        return "[" + hex + "]";
    }
}
