package dev.lakehouse.app;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.LakehouseListener;
import dev.lakehouse.runtime.LakehouseStartException;
import dev.lakehouse.runtime.config.RuntimeSettings;
import dev.lakehouse.runtime.logging.LoggingSetup;
import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** Boots the lakehouse, prints the banner, and runs until Ctrl-C or SIGTERM. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start every enabled component and keep running until Ctrl-C (the default command).")
final class StartCommand implements Callable<Integer> {
    @Mixin
    StartOptions options = new StartOptions();

    @ParentCommand
    LakehouseCli cli;

    StartCommand() {
    }

    StartCommand(StartOptions options, LakehouseCli cli) {
        this.options = options;
        this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        var builder = options.applyTo(Lakehouse.builder(), cli.dataDir).withConsole().listener(new Progress());
        Lakehouse lakehouse;
        Path logFile;
        try {
            RuntimeSettings settings = builder.settings();
            logFile = LoggingSetup.toFile(settings.dataDir());
            lakehouse = builder.build();
        } catch (ConfigException e) {
            Terminal.error(e.getMessage());
            return ExitCodes.CONFIG;
        }
        Terminal.OUT.println("lakehouse " + Lakehouse.version() + ": starting " + String.join(", ", lakehouse.services())
                + " on " + lakehouse.dataDir());
        try {
            lakehouse.start();
        } catch (LakehouseStartException e) {
            Terminal.error(e.getMessage() + " (details: " + logFile + ")");
            LoggingSetup.shutdown();
            return ExitCodes.START_FAILED;
        }
        Terminal.OUT.print(Banner.render(lakehouse, logFile));
        Terminal.OUT.flush();
        lakehouse.awaitClosed();
        Terminal.OUT.println("lakehouse stopped.");
        LoggingSetup.shutdown();
        return ExitCodes.OK;
    }

    /** A line per component as it becomes ready, so a slow boot shows where it is. */
    private static final class Progress implements LakehouseListener {
        @Override
        public void ready(String service, Duration took, List<Endpoint> endpoints) {
            Terminal.OUT.printf("  %-9s ready in %s%n", service, Banner.seconds(took));
        }

        @Override
        public void stopped(String service) {
            Terminal.OUT.printf("  %-9s stopped%n", service);
        }
    }
}
