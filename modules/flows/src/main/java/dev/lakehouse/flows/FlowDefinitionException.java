package dev.lakehouse.flows;

/** A flow that cannot be run as defined: what is wrong, and the line of its file where it is (0 when unknown). */
public final class FlowDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    public FlowDefinitionException(String message, int line) {
        super(message, null, false, false);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
