package dev.lakehouse.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Spark and Trino need JVM flags a library cannot set (module opens, the Vector API). A test JVM started
 * without them fails here, before anything starts, with the one line to add to the build.
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
                    + " needs. Add them to maven-surefire-plugin (and failsafe): <argLine>" + flags() + "</argLine>");
        }
    }

    /** The flags, as lakehouse.jar's launcher passes them. */
    static String flags() {
        Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream("jvm-flags.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("jvm.flags");
    }
}
