package dev.lakehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/** What the build wrote into launcher.properties: the minimum JDK, the JVM flags, the version. */
public final class LauncherSettings {
    private final Runtime.Version javaMinimum;
    private final List<String> jvmFlags;
    private final String version;

    private LauncherSettings(Runtime.Version javaMinimum, List<String> jvmFlags, String version) {
        this.javaMinimum = javaMinimum;
        this.jvmFlags = jvmFlags;
        this.version = version;
    }

    public static LauncherSettings load() {
        Properties properties = new Properties();
        try (InputStream in = LauncherSettings.class.getResourceAsStream("launcher.properties")) {
            if (in == null) {
                throw new IllegalStateException("launcher.properties is missing from the launcher jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LauncherSettings(
                Runtime.Version.parse(properties.getProperty("java.minimum")),
                List.copyOf(Arrays.asList(properties.getProperty("jvm.flags").trim().split("\\s+"))),
                properties.getProperty("version"));
    }

    public Runtime.Version javaMinimum() {
        return javaMinimum;
    }

    /** The flags every JVM that runs the stack needs (see FINDINGS.md): module opens, the Vector API. */
    public List<String> jvmFlags() {
        return jvmFlags;
    }

    public String version() {
        return version;
    }
}
