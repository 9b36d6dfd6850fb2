package dev.lakehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
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
    /** The client commands: run in this small JVM, without the stack's (see dev.lakehouse.client.cli.ClientMain). */
    static final String CLIENT_CLASS_ATTRIBUTE = "Lakehouse-Client-Class";
    static final String CLIENT_JAR_ATTRIBUTE = "Lakehouse-Client-Jar";
    /** What the client's entry point answers for arguments that are not a client command. */
    private static final int RELAUNCH = -1;

    private Launcher() {
    }

    public static void main(String[] args) {
        LauncherSettings settings = LauncherSettings.load();
        try {
            if (!JavaVersionCheck.isEnough(Runtime.version(), settings.javaMinimum())) {
                // the java on the PATH is often an older one: run this jar on a JDK that can, when there is one
                Optional<Path> jdk = JavaVersionCheck.findJdk(settings.javaMinimum());
                if (jdk.isEmpty()) {
                    System.err.println(JavaVersionCheck.noJdkMessage(Runtime.version(), settings.javaMinimum(), System.getProperty("java.home")));
                    System.exit(1);
                }
                System.exit(runOn(jdk.get(), args));
            }
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
        Optional<Integer> clientExitCode = runClientCommand(manifest, home, args);
        if (clientExitCode.isPresent()) {
            return clientExitCode.get();
        }

        AotCache aot = AotCache.in(home);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> jvmOptions = new ArrayList<>(settings.jvmFlags());
        jvmOptions.addAll(userJvmOptions());
        jvmOptions.add("-D" + HOME_PROPERTY + "=" + home);
        jvmOptions.add("-D" + Invocation.PROPERTY + "=" + Invocation.command());
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

    /**
     * Runs a client command (sql, branch, status...) in this JVM: it only talks to the running lakehouse, so it
     * needs neither the stack's flags nor its class path. Empty when the arguments are for the stack's JVM.
     */
    private static Optional<Integer> runClientCommand(Attributes manifest, Path home, String[] args) throws IOException {
        String clientClass = manifest.getValue(CLIENT_CLASS_ATTRIBUTE);
        String clientJar = manifest.getValue(CLIENT_JAR_ATTRIBUTE);
        if (clientClass == null || clientJar == null) {
            return Optional.empty();
        }
        // the client jar's manifest Class-Path brings picocli, JLine and jackson-jr from the same folder
        URLClassLoader loader = new URLClassLoader(new URL[] {home.resolve(clientJar).toUri().toURL()}, Launcher.class.getClassLoader());
        // libraries find their own resources through the context class loader (JLine its terminal providers)
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Object exitCode = Class.forName(clientClass, true, loader).getMethod("run", String[].class).invoke(null, (Object) args);
            int code = (Integer) exitCode;
            return code == RELAUNCH ? Optional.empty() : Optional.of(code);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IOException("the client commands cannot be loaded from " + home.resolve(clientJar) + ": " + e, e);
        } finally {
            Thread.currentThread().setContextClassLoader(Launcher.class.getClassLoader());
        }
    }

    /** This jar again, on another JDK; its exit code, with SIGTERM/SIGINT passed on. */
    private static int runOn(Path jdk, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(jdk.resolve("bin").resolve("java").toString());
        // suggestions for the next command should read as the user typed this one ("java -jar ...")
        command.add("-D" + Invocation.PROPERTY + "=" + Invocation.command());
        command.add("-jar");
        command.add(ownJar().toString());
        command.addAll(Arrays.asList(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        Thread forwarder = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lakehouse-launcher-forward");
        Runtime.getRuntime().addShutdownHook(forwarder);
        int exitCode = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(forwarder);
        } catch (IllegalStateException e) {
            // shutting down: the hook waits for the child
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
