package dev.lakehouse.client.cli;

import dev.lakehouse.client.ApiException;
import dev.lakehouse.client.LakehouseClient;
import dev.lakehouse.client.RunningLakehouse;
import dev.lakehouse.launcher.Invocation;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * A command that talks to the lakehouse running on the data directory through its control API. When none runs
 * there, it says so and how to start one; with --start it starts what it needs for its own length instead.
 */
public abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--start", description = "When no lakehouse runs on the data directory, start the components this"
            + " command needs for its length (a stack boots: slow; for scripts).")
    boolean startIfNone;

    /** The components the command needs (besides those they depend on). */
    protected abstract Set<String> services();

    /** What --start starts: what the command needs, unless it knows better. */
    protected Set<String> servicesToStart() {
        return services();
    }

    /** Runs the command against a lakehouse; returns the exit code. */
    protected abstract int run(LakehouseClient client) throws Exception;

    @Override
    public final Integer call() throws Exception {
        ClientHost host = host();
        try {
            Optional<RunningLakehouse> running = RunningLakehouse.find(host.dataDir());
            if (running.isPresent()) {
                return runWith(running.get());
            }
            if (!startIfNone) {
                Terminal.error(notRunning(host.dataDir()));
                return ExitCodes.NOT_RUNNING;
            }
            try (ClientHost.TemporaryLakehouse started = host.start(servicesToStart())) {
                return runWith(started.running());
            }
        } catch (ApiException e) {
            Terminal.error(e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private int runWith(RunningLakehouse lakehouse) throws Exception {
        Set<String> missing = new TreeSet<>(services());
        missing.removeAll(lakehouse.serviceNames());
        if (!missing.isEmpty()) {
            Terminal.error("the lakehouse running on " + lakehouse.dataDir() + " has no " + String.join(", ", missing)
                    + " (it runs " + String.join(", ", new TreeSet<>(lakehouse.serviceNames())) + "); restart it with "
                    + String.join(",", missing) + " among its --services");
            return ExitCodes.FAILED;
        }
        return run(new LakehouseClient(lakehouse));
    }

    protected ClientHost host() {
        return (ClientHost) spec.root().userObject();
    }

    /** One line: nothing runs there, the command that starts it, and --start. */
    static String notRunning(Path dataDir) {
        return "no lakehouse is running on " + dataDir + "; start one in another terminal with '" + startCommand(dataDir)
                + "' (or add --start to run this command on a stack of its own)";
    }

    /** The command that starts a lakehouse on the data directory, ready to paste. */
    public static String startCommand(Path dataDir) {
        return Invocation.command() + dataDirOption(dataDir);
    }

    /** " --data-dir DIR" unless DIR is the default ./data. */
    public static String dataDirOption(Path dataDir) {
        Path absolute = dataDir.toAbsolutePath().normalize();
        if (absolute.equals(Path.of("data").toAbsolutePath())) {
            return "";
        }
        Path workingDirectory = Path.of("").toAbsolutePath();
        String shown = absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute).toString() : absolute.toString();
        return " --data-dir " + (shown.contains(" ") ? "'" + shown + "'" : shown);
    }

    /** Reads the run file again: for commands that need the stack's endpoints. */
    static RunningLakehouse refresh(RunningLakehouse lakehouse) throws IOException {
        return RunningLakehouse.find(lakehouse.dataDir()).orElse(lakehouse);
    }
}
