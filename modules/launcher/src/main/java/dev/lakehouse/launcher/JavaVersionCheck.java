package dev.lakehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Whether this JVM can run the lakehouse and, when it cannot (a machine's {@code java} is often an older one),
 * where a JDK that can is installed. A JDK's version is read from its {@code release} file: no JVM is started
 * to ask.
 */
public final class JavaVersionCheck {
    private JavaVersionCheck() {
    }

    /** Whether {@code running} is new enough. */
    public static boolean isEnough(Runtime.Version running, Runtime.Version minimum) {
        return running.compareToIgnoreOptional(minimum) >= 0;
    }

    /** The first JDK at least {@code minimum} among the usual places, newest first within a folder. */
    public static Optional<Path> findJdk(Runtime.Version minimum) {
        for (Path home : candidates()) {
            Optional<Runtime.Version> version = versionOf(home);
            if (version.isPresent() && isEnough(version.get(), minimum) && Files.isExecutable(home.resolve("bin").resolve("java"))) {
                return Optional.of(home);
            }
        }
        return Optional.empty();
    }

    /** The message when no JDK is new enough: which java runs, where we looked, and what to do. */
    public static String noJdkMessage(Runtime.Version running, Runtime.Version minimum, String javaHome) {
        return "lakehouse needs Java " + minimum + " or newer, but this java is " + running + " (" + javaHome + ")"
                + " and no JDK " + minimum.feature() + " was found in LAKEHOUSE_JAVA_HOME, JAVA_HOME, /usr/lib/jvm, ~/.sdkman or ~/.jdks."
                + " Install one (for example Temurin " + minimum.feature() + ") and run /path/to/that/jdk/bin/java -jar "
                + Invocation.relative(ownJar()) + ", or set LAKEHOUSE_JAVA_HOME to it.";
    }

    /** A JDK's version from its release file (JAVA_VERSION="25.0.3"). */
    static Optional<Runtime.Version> versionOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
            String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "").trim();
            return version.isEmpty() ? Optional.empty() : Optional.of(Runtime.Version.parse(version));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<Path> candidates() {
        Set<Path> homes = new LinkedHashSet<>();
        for (String variable : new String[] {"LAKEHOUSE_JAVA_HOME", "JAVA_HOME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                homes.add(Paths.get(value));
            }
        }
        String home = System.getProperty("user.home");
        for (Path folder : new Path[] {Paths.get("/usr/lib/jvm"), Paths.get("/opt/java"), Paths.get(home, ".sdkman", "candidates", "java"),
                Paths.get(home, ".jdks"), Paths.get("/Library/Java/JavaVirtualMachines")}) {
            homes.addAll(children(folder));
        }
        return new ArrayList<>(homes);
    }

    private static List<Path> children(Path folder) {
        List<Path> children = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return children;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path child : stream) {
                Path macHome = child.resolve("Contents").resolve("Home");
                children.add(Files.isDirectory(macHome) ? macHome : child);
            }
        } catch (IOException e) {
            return children;
        }
        // jdk-26 before jdk-25: the newest that fits
        children.sort((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()));
        return children;
    }

    private static Path ownJar() {
        try {
            return Paths.get(JavaVersionCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Paths.get("lakehouse.jar");
        }
    }
}
