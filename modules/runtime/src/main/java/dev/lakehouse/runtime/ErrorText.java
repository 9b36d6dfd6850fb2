package dev.lakehouse.runtime;

/** A failure as one line for the user: the engine's or the library's own words, without Java's wrapping. */
public final class ErrorText {
    /** Spark's words name the error, not what to do about it: the heap is the whole lakehouse's. */
    private static final String OUT_OF_MEMORY_HINT = " (the query needs more memory than the lakehouse's heap of "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, shared by every component: make it smaller, or give the "
            + "lakehouse more with LAKEHOUSE_JAVA_OPTS=-Xmx...; the other components run on)";

    private ErrorText() {
    }

    /**
     * A wrapper whose first line only says that its cause follows (Spark's "Exception thrown in awaitResult:", which
     * a failed DELETE, UPDATE or MERGE of an Iceberg table ends with): the user needs the cause.
     */
    private static boolean announcesItsCause(String message) {
        if (message == null) {
            return false;
        }
        String first = message.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
        return first.startsWith("Exception thrown in awaitResult") || first.endsWith(":");
    }

    public static String firstLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof java.lang.reflect.InvocationTargetException
                || cause instanceof java.util.concurrent.ExecutionException || cause instanceof java.io.UncheckedIOException
                || announcesItsCause(cause.getMessage()))) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String line = message.lines().map(String::strip).filter(text -> !text.isEmpty()).findFirst().orElse(message)
                .replaceFirst("^(?i)(java\\.sql\\.SQLException|org\\.apache\\.spark\\.[A-Za-z.]*Exception): ", "")
                .replaceFirst("^Query failed \\(#[^)]*\\): ", "");
        return line.contains("java.lang.OutOfMemoryError") ? line + OUT_OF_MEMORY_HINT : line;
    }
}
