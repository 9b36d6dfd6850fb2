package dev.lakehouse.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free ports for --ports random. Servers that must know their port before they bind (Kafka
 * advertises it, Trino announces it) cannot take port 0, so the port is found here and handed to them;
 * the short window before they bind it is the price, as in every test-container set-up. The ports are drawn below
 * the kernel's ephemeral range when it leaves room: a port of that range (what port 0 gives) can be taken in the
 * window as the local port of any outgoing connection, and on a busy test machine one was (the Spark UI's).
 */
final class PortAllocator {
    /** Above the lakehouse's default ports (the highest is catalog.port, 19120), so a random stack meets no default one. */
    private static final int LOWEST = 20_000;
    private static final java.util.Random RANDOM = new java.security.SecureRandom();
    private final InetAddress address;
    private final Set<Integer> handedOut = new HashSet<>();

    PortAllocator(String bindAddress) {
        try {
            this.address = InetAddress.getByName(bindAddress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized int freePort() {
        int ephemeralStart = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200; attempt++) {
            // the last attempts take what the kernel gives, should the range below be crowded
            int candidate = ephemeralStart > LOWEST + 1_000 && attempt < 150 ? LOWEST + RANDOM.nextInt(ephemeralStart - LOWEST) : 0;
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(address, candidate));
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                if (candidate == 0) {
                    throw new UncheckedIOException("cannot find a free port on " + address.getHostAddress(), e);
                }
                // taken: draw another
            }
        }
        throw new IllegalStateException("no free port found on " + address.getHostAddress());
    }

    /** The first port of the kernel's ephemeral range (Linux); elsewhere 0, and the kernel picks. Not readString: on
     * this /proc file (size 0) it returns one character. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
