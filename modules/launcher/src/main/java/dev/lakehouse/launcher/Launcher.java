package dev.lakehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * The entry point of {@code java -jar lakehouse.jar}. The stack needs JVM flags a jar manifest
 * cannot set (--add-modules jdk.incubator.vector for Trino, --add-opens for Spark), so this
 * process checks the JDK, unpacks the jars it carries into the cache, and runs the real main
 * class in a child JVM started with those flags, forwarding the exit code and termination.
 */
public final class Launcher {
    /** Set in the child: where the unpacked payload is (lib/ and modules/). */
    public static final String HOME_PROPERTY = "lakehouse.home";
    /** Set in a start recorded for the AOT cache: the file the stack creates once it is up (see AotCache#create). */
    public static final String STARTED_MARKER_PROPERTY = "lakehouse.aot.started-marker";
    static final String PAYLOAD_PREFIX = "lakehouse/";
    static final String MAIN_CLASS_ATTRIBUTE = "Lakehouse-Main-Class";
    static final String MAIN_JAR_ATTRIBUTE = "Lakehouse-Main-Jar";

    private Launcher() {
    }

    public static void main(String[] args) {
        LauncherSettings settings = LauncherSettings.load();
        Optional<String> problem = JavaVersionCheck.problem(Runtime.version(), settings.javaMinimum(),
                System.getProperty("java.home"));
        if (problem.isPresent()) {
            System.err.println(problem.get());
            System.exit(1);
        }
        try {
            System.exit(run(settings, args));
        } catch (IOException | RuntimeException e) {
            System.err.println("lakehouse: cannot start: " + e.getMessage()
                    + " (the payload is unpacked into " + PayloadCache.defaultRoot()
                    + "; set LAKEHOUSE_CACHE_DIR to use another folder)");
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    private static int run(LauncherSettings settings, String[] args) throws IOException, InterruptedException {
        Path jar = ownJar();
        Attributes manifest;
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            manifest = jarFile.getManifest().getMainAttributes();
        }
        Path home = PayloadCache.unpack(jar, PAYLOAD_PREFIX, PayloadCache.defaultRoot(), "lakehouse-" + settings.version());

        AotCache aot = AotCache.in(home);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvmOptions = new ArrayList<>(settings.jvmFlags());
        jvmOptions.addAll(userJvmOptions());
        jvmOptions.add("-D" + HOME_PROPERTY + "=" + home);
        String classPath = home.resolve(required(manifest, MAIN_JAR_ATTRIBUTE)).toString();
        Runnable createAotCache = () -> aot.create(java, jvmOptions, classPath);

        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(aot.jvmOptions(Arrays.asList(args)));
        command.add("-cp");
        command.add(classPath);
        command.add(required(manifest, MAIN_CLASS_ATTRIBUTE));
        command.addAll(Arrays.asList(args));

        // stdout is the child's own but for a recorded start, after which the JVM prints where the record went
        boolean recording = aot.recording();
        Process child = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(recording ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        Thread stderr = copier(child.getErrorStream(), System.err, StartupNoiseFilter.INCUBATOR_WARNING, "lakehouse-launcher-stderr");
        Thread stdout = recording ? copier(child.getInputStream(), System.out, StartupNoiseFilter.AOT_RECORDED, "lakehouse-launcher-stdout") : null;
        // SIGTERM/SIGINT to this process: pass it on and wait, so the child shuts down cleanly.
        Thread forwarder = new Thread(() -> {
            child.destroy();
            aot.announce();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            createAotCache.run();
        }, "lakehouse-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(forwarder);
        int exitCode = child.waitFor();
        stderr.join(2000);
        if (stdout != null) {
            stdout.join(2000);
        }
        createAotCache.run();
        try {
            Runtime.getRuntime().removeShutdownHook(forwarder);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running and will return at once
        }
        return exitCode;
    }

    private static Thread copier(InputStream from, OutputStream to, String droppedLinePrefix, String name) {
        Thread thread = new Thread(() -> StartupNoiseFilter.copy(from, to, droppedLinePrefix), name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Extra JVM options from LAKEHOUSE_JAVA_OPTS (for example -Xmx6g); they come last, so they win. */
    static List<String> userJvmOptions() {
        String options = System.getenv("LAKEHOUSE_JAVA_OPTS");
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return Arrays.asList(options.trim().split("\\s+"));
    }

    private static Path ownJar() throws IOException {
        try {
            Path location = Paths.get(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!location.toString().endsWith(".jar")) {
                throw new IOException("the launcher runs from " + location + ", not from lakehouse.jar");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    private static String required(Attributes manifest, String name) throws IOException {
        String value = manifest.getValue(name);
        if (value == null) {
            throw new IOException("the jar's manifest has no " + name + " entry");
        }
        return value;
    }
}
