package dev.lakehouse.runtime;

import java.io.IOException;

/** A port a component needs is taken, found before the component tried to bind it. */
final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String key, String host, int port) {
        super("port " + port + " on " + host + " is already in use; stop what uses it, set " + key
                + "=<another port>, or start with --ports random");
    }
}
