package dev.lakehouse.app;

import dev.lakehouse.client.cli.ExitCodes;
import dev.lakehouse.client.cli.Terminal;
import dev.lakehouse.launcher.Launcher;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.logging.LoggingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Boots the lakehouse, prints the banner, and runs until Ctrl-C or SIGTERM. */
@Command(name = "start", mixinStandardHelpOptions = true, header = "Start the lakehouse and run until Ctrl-C (the default).",
        description = "Starts every enabled component, prints the banner, and keeps running until Ctrl-C or `lakehouse stop`.")
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
        var builder = options.applyTo(Lakehouse.builder(), cli.dataDir).withConsole().listener(CommandBoot.progressLines("  ", true));
        CommandBoot.Booted booted;
        try {
            booted = CommandBoot.start(builder, (lakehouse, logFile) -> Terminal.OUT.println("lakehouse " + Lakehouse.version()
                    + ": starting " + String.join(", ", lakehouse.services()) + " on " + lakehouse.dataDir()));
        } catch (CommandBoot.Failed e) {
            return e.exitCode();
        }
        Terminal.OUT.print(Banner.render(booted.lakehouse(), booted.logFile()));
        Terminal.OUT.flush();
        tellTheLauncherTheStackIsUp();
        booted.lakehouse().awaitClosed();
        LoggingSetup.shutdown();
        return ExitCodes.OK;
    }

    /** In a start recorded for the AOT cache: the launcher makes a cache only of a start that got all the way up. */
    private static void tellTheLauncherTheStackIsUp() {
        String marker = System.getProperty(Launcher.STARTED_MARKER_PROPERTY);
        if (marker != null) {
            try {
                Files.writeString(Path.of(marker), "");
            } catch (IOException e) {
                // no cache this time: the next start records again
            }
        }
    }
}
