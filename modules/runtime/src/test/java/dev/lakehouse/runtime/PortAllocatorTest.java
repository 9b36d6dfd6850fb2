package dev.lakehouse.runtime;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortAllocatorTest {
    @Test
    void portsAreFreeDistinctAndBelowTheEphemeralRange() throws Exception {
        PortAllocator allocator = new PortAllocator("127.0.0.1");
        int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            int port = allocator.freePort();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            assertThat(port).isBetween(20_000, ephemeralStart - 1);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress("127.0.0.1", port));
            }
        }
    }
}
