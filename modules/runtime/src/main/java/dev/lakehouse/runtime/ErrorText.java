package dev.lakehouse.runtime;

/** A failure as one line for the user: the engine's or the library's own words, without Java's wrapping. */
public final class ErrorText {
    private ErrorText() {
    }

    public static String firstLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof java.lang.reflect.InvocationTargetException
                || cause instanceof java.util.concurrent.ExecutionException || cause instanceof java.io.UncheckedIOException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(message)
                .replaceFirst("^(?i)(java\\.sql\\.SQLException|org\\.apache\\.spark\\.[A-Za-z.]*Exception): ", "")
                .replaceFirst("^Query failed \\(#[^)]*\\): ", "");
    }
}
