package dev.lakehouse.client.cli;

/** What the process's exit code means. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A component failed to start, or a command failed against a running stack. */
    public static final int FAILED = 1;
    /** Bad command line or configuration: nothing was started. */
    public static final int CONFIG = 2;
    /** No lakehouse runs on the given data directory. */
    public static final int NOT_RUNNING = 3;
    /** A pipeline's write-audit-publish audit failed: main is untouched, the branch kept. */
    public static final int AUDIT_FAILED = 4;
    /** Stopped by Ctrl-C (128 + SIGINT), as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
