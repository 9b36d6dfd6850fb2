package dev.lakehouse.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the user sees. Writes to the process's real stdout and stderr file descriptors, so that a
 * component that replaces System.out/System.err (Trino does) cannot swallow the banner or an error.
 */
final class Terminal {
    static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Terminal() {
    }

    /** One line on stderr, prefixed so it is clear where it comes from. */
    static void error(String message) {
        ERR.println("lakehouse: " + message);
    }
}
