package dev.lakehouse.launcher;

import java.util.Optional;

/** Tells, in one line, why this JVM cannot run the lakehouse. */
public final class JavaVersionCheck {
    private JavaVersionCheck() {
    }

    /** Empty when {@code running} is new enough, otherwise the message for the user. */
    public static Optional<String> problem(Runtime.Version running, Runtime.Version minimum, String javaHome) {
        if (running.compareToIgnoreOptional(minimum) >= 0) {
            return Optional.empty();
        }
        return Optional.of("lakehouse needs Java " + minimum + " or newer, but this is Java " + running
                + " (" + javaHome + "). Set JAVA_HOME to a JDK " + minimum.feature()
                + " (e.g. Temurin) or run scripts/lakehouse, which finds one.");
    }
}
