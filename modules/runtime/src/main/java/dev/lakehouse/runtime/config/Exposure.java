package dev.lakehouse.runtime.config;

import dev.lakehouse.spi.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a bind address keeps the lakehouse on this machine (loopback) or opens it to a network. */
public final class Exposure {
    private Exposure() {
    }

    /** @throws ConfigException when the address cannot be resolved */
    public static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException("lakehouse.bind-address", "lakehouse.bind-address=" + address + " is no address of this machine: "
                    + e.getMessage());
        }
    }
}
