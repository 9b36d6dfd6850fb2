package dev.lakehouse.client.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the user sees. Writes to the process's real stdout and stderr file descriptors, so that a
 * component that replaces System.out/System.err (Trino does) cannot swallow the banner or an error.
 */
public final class Terminal {
    public static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    public static final PrintStream ERR = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Terminal() {
    }

    /** One line on stderr, prefixed so it is clear where it comes from. */
    public static void error(String message) {
        ERR.println("lakehouse: " + message);
    }

    /** Whether standard input is a person at a terminal rather than a pipe or a file. */
    public static boolean inputIsTerminal() {
        try {
            // Linux tells it exactly; Console#isTerminal needs stdout to be a terminal as well
            String input = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
            return input.startsWith("/dev/pts/") || input.startsWith("/dev/tty") || input.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return System.console() != null && System.console().isTerminal();
        }
    }
}
