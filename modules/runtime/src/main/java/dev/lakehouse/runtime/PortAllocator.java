package dev.lakehouse.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free ports for --ports random. Servers that must know their port before they bind (Kafka
 * advertises it, Trino announces it) cannot take port 0, so the port is found here and handed to them;
 * the short window before they bind it is the price, as in every test-container set-up.
 */
final class PortAllocator {
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
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(address, 0));
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port on " + address.getHostAddress(), e);
            }
        }
        throw new IllegalStateException("no free port found on " + address.getHostAddress());
    }
}
