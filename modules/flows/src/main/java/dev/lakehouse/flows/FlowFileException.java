package dev.lakehouse.flows;

import java.nio.file.Path;

/** A flow file the lakehouse cannot use: the file, the line (0 when it is the whole file) and what to fix. */
public final class FlowFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public FlowFileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, null, false, false);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
