package dev.lakehouse.app.badinput;

import java.util.Objects;

/**
 * One piece of bad input sent to a running lakehouse: which component gets it, a short name, what a good answer is,
 * and the action that sends it and checks the answer. The action throws {@link AssertionError} with a message that
 * says what came back when the answer is not the expected one. Reusable outside JUnit (scripts/chaos runs the list).
 */
public record BadInputCase(String component, String name, String expected, Action action) {
    public BadInputCase {
        Objects.requireNonNull(component);
        Objects.requireNonNull(name);
        Objects.requireNonNull(expected);
        Objects.requireNonNull(action);
    }

    /** Sends the input and checks the answer. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Runs the action; an unexpected exception (a client that hung, a refused connection) fails it with the case's name. */
    public void run() {
        try {
            action.run();
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            AssertionError failure = new AssertionError(this + ": " + e, e);
            throw failure;
        }
    }

    @Override
    public String toString() {
        return component + ": " + name + " -> " + expected;
    }
}
