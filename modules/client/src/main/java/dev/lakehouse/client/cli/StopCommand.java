package dev.lakehouse.client.cli;

import dev.lakehouse.client.ApiException;
import dev.lakehouse.client.RunningLakehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code lakehouse stop}: stops the lakehouse running on the data directory, as Ctrl-C in its terminal would. */
@Command(name = "stop", mixinStandardHelpOptions = true, header = "Stop the running lakehouse.",
        description = "Stops the lakehouse running on the data directory as Ctrl-C in its terminal would (every component"
                + " stops cleanly, nothing is lost), and waits until it has. Exit code 3 when none runs there.")
public final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "How long to wait (default: 120).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        ClientHost host = (ClientHost) spec.root().userObject();
        Optional<RunningLakehouse> running;
        try {
            running = RunningLakehouse.find(host.dataDir());
        } catch (ApiException e) {
            // one runs there without a console: it can be stopped all the same
            running = Optional.empty();
        }
        if (running.isEmpty()) {
            Terminal.error("no lakehouse is running on " + host.dataDir());
            return ExitCodes.NOT_RUNNING;
        }
        long pid = running.get().pid();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().destroy()) {
            Terminal.error("cannot stop the lakehouse on " + host.dataDir() + " (pid " + pid + "): it is another user's, or gone");
            return ExitCodes.FAILED;
        }
        try {
            process.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            Terminal.error("the lakehouse on " + host.dataDir() + " (pid " + pid + ") is still stopping after " + timeoutSeconds + " s");
            return ExitCodes.FAILED;
        }
        Terminal.OUT.println("Stopped the lakehouse on " + host.dataDir() + " (pid " + pid + ")");
        return ExitCodes.OK;
    }
}
