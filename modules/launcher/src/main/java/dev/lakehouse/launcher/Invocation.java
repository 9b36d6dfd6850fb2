package dev.lakehouse.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * How the user runs the lakehouse, as a command they can paste: {@code scripts/lakehouse} when that script
 * started it, else {@code java -jar app/target/lakehouse.jar} with the java that really runs it (a plain
 * {@code java} only when that is the one on the PATH). Messages that suggest a next command use it.
 */
public final class Invocation {
    /** Set by scripts/lakehouse to the path it was called by. */
    static final String COMMAND_VARIABLE = "LAKEHOUSE_COMMAND";
    /** Handed to the relaunched JVM, which cannot see how the launcher was started. */
    public static final String PROPERTY = "lakehouse.invocation";

    private Invocation() {
    }

    /** The command that runs this lakehouse, e.g. "java -jar app/target/lakehouse.jar". */
    public static String command() {
        String given = System.getProperty(PROPERTY);
        if (given != null && !given.isBlank()) {
            return given;
        }
        String script = System.getenv(COMMAND_VARIABLE);
        if (script != null && !script.isBlank()) {
            return script;
        }
        return java(Paths.get(System.getProperty("java.home"))) + " -jar " + jar().map(Invocation::relative).orElse("lakehouse.jar");
    }

    /** "java" when the java on the PATH is this one, else the path of this one. */
    static String java(Path javaHome) {
        Path binary = javaHome.resolve("bin").resolve("java");
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Paths.get(directory.isEmpty() ? "." : directory, "java");
            if (Files.isExecutable(candidate)) {
                try {
                    return candidate.toRealPath().equals(binary.toRealPath()) ? "java" : binary.toString();
                } catch (IOException e) {
                    return binary.toString();
                }
            }
        }
        return binary.toString();
    }

    private static Optional<Path> jar() {
        try {
            Path location = Paths.get(Invocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (java.net.URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** A path below the working directory as the user would type it, others as they are. */
    static String relative(Path path) {
        Path workingDirectory = Paths.get("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute).toString() : absolute.toString();
    }
}
