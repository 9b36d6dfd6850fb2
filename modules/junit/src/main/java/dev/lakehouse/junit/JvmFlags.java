package dev.lakehouse.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Spark and Trino need JVM flags a library cannot set (module opens, the Vector API). A test JVM started
 * without them fails here, before anything starts, with the one line to add to the build. That line also
 * carries -XX:TieredStopAtLevel=1, which only makes the start faster and is not checked.
 */
final class JvmFlags {
    private JvmFlags() {
    }

    static void check(List<String> services) {
        boolean needsSpark = services.contains("spark");
        boolean needsTrino = services.contains("trino");
        boolean opened = Object.class.getModule().isOpen("java.nio", JvmFlags.class.getClassLoader().getUnnamedModule());
        boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if ((needsSpark && !opened) || (needsTrino && !vector)) {
            throw new IllegalStateException("lakehouse-junit: this test JVM lacks the flags " + (needsTrino && !vector ? "Trino" : "Spark")
                    + " needs. Add them to maven-surefire-plugin (and failsafe): <argLine>" + argLine() + "</argLine>");
        }
    }

    /** The flags lakehouse.jar's launcher passes, and the test JVM's startup flag. */
    static String argLine() {
        Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream("jvm-flags.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("argLine");
    }
}
