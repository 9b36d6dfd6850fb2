package dev.lakehouse.app;

/** What the process's exit code means. */
final class ExitCodes {
    static final int OK = 0;
    /** A component failed to start, or a command failed against a running stack. */
    static final int START_FAILED = 1;
    /** Bad command line or configuration: nothing was started. */
    static final int CONFIG = 2;
    /** No lakehouse runs on the given data directory. */
    static final int NOT_RUNNING = 3;
    /** A pipeline's write-audit-publish audit failed: main is untouched, the branch kept. */
    static final int AUDIT_FAILED = 4;

    private ExitCodes() {
    }
}
