package dev.lakehouse.models;

/**
 * A mistake in the project that its author can fix: one line naming the file and, when known, the line, as
 * {@code models/orders.sql:3: ...}. Nothing has run when a project fails to load with one.
 */
public final class ModelsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String reason;

    /**
     * @param file the file relative to the project ("models/orders.sql"), or null when the problem is not in one file
     * @param line 1-based, or 0 when unknown
     */
    public ModelsException(String file, int line, String reason) {
        super(format(file, line, reason), null, false, false);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public static ModelsException in(String file, int line, String reason) {
        return new ModelsException(file, line, reason);
    }

    public static ModelsException of(String reason) {
        return new ModelsException(null, 0, reason);
    }

    private static String format(String file, int line, String reason) {
        if (file == null) {
            return reason;
        }
        return file + (line > 0 ? ":" + line : "") + ": " + reason;
    }

    /** The file relative to the project, or null. */
    public String file() {
        return file;
    }

    /** 1-based, 0 when unknown. */
    public int line() {
        return line;
    }

    /** The message without the location. */
    public String reason() {
        return reason;
    }
}
