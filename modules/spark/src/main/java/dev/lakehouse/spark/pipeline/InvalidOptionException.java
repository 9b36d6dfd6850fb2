package dev.lakehouse.spark.pipeline;

/** A pipeline option with a value the pipeline does not take: nothing was written. */
public final class InvalidOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidOptionException(String option, String value, String expected) {
        super("option " + option + " cannot be '" + value + "': " + expected);
    }
}
