package dev.lakehouse.app;

import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.logging.LoggingSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

import java.util.concurrent.Callable;

/** The command line: {@code java -jar lakehouse.jar [command] [options]}. */
@Command(name = "lakehouse", mixinStandardHelpOptions = true, versionProvider = LakehouseCli.Version.class,
        description = {
                "The open lakehouse stack in one Java process: an S3 object store over a local folder, and more.",
                "Without a command, starts every component (the same as 'start')."},
        subcommands = {StartCommand.class, StatusCommand.class, SqlCommand.class, BranchCommand.class, TopicsCommand.class,
                ProduceCommand.class, PipelineCommand.class, DemoCommand.class, SourcedbCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
                "Needs Java 25.0.3 or newer. 'java -jar lakehouse.jar' unpacks the jars it carries into ~/.cache/lakehouse"
                        + " once (LAKEHOUSE_CACHE_DIR moves it) and relaunches itself in a JVM with the flags the stack needs"
                        + " (module opens, the Vector API); LAKEHOUSE_JAVA_OPTS adds JVM options (e.g. -Xmx6g).",
                "",
                "Every configuration key is listed, with its default, in conf/lakehouse.properties; LAKEHOUSE_<KEY>"
                        + " environment variables set them too (storage.port: LAKEHOUSE_STORAGE_PORT).",
                "",
                "Exit codes: 0 ok, 1 failed, 2 bad command line or configuration, 3 no lakehouse running."})
public final class LakehouseCli implements Callable<Integer> {
    /** Given before or after the command name alike: every command works on a data directory. */
    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Where everything is kept across restarts (default: ./data, or lakehouse.data-dir).")
    Path dataDir;

    @Mixin
    StartOptions options = new StartOptions();

    public static void main(String[] args) {
        LoggingSetup.prepare();
        LoggingSetup.quiet();
        System.exit(run(args));
    }

    /** The command line's parser, as every run configures it. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LakehouseCli());
        // `--services sourcedb`: a component may share its name with a command
        commandLine.setAllowSubcommandsAsOptionParameters(true);
        return commandLine;
    }

    /** Runs a command line and returns its exit code. */
    static int run(String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(new java.io.PrintWriter(Terminal.OUT, true));
        commandLine.setErr(new java.io.PrintWriter(Terminal.ERR, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof dev.lakehouse.spi.ConfigException) {
                Terminal.error(e.getMessage());
                return ExitCodes.CONFIG;
            }
            // one line for the user, the whole story in the log (a command that logs to a file says where)
            org.slf4j.LoggerFactory.getLogger(LakehouseCli.class).error(dev.lakehouse.runtime.logging.LogMarkers.FILE_ONLY,
                    "{} failed", cmd.getCommandName(), e);
            Terminal.error(e.getMessage() == null ? e.toString() : e.getMessage());
            return ExitCodes.START_FAILED;
        });
        return commandLine.execute(args);
    }

    /** The data directory every command works on: --data-dir, else lakehouse.data-dir (file, environment), else ./data. */
    Path resolvedDataDir() {
        return configuration().settings().dataDir();
    }

    /** The configuration as the command line and the environment give it (for commands other than start). */
    dev.lakehouse.runtime.LakehouseBuilder configuration() {
        var builder = dev.lakehouse.runtime.Lakehouse.builder();
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return builder;
    }

    @Override
    public Integer call() throws InterruptedException {
        return new StartCommand(options, this).call();
    }

    /** --version */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lakehouse " + Lakehouse.version() + " on Java " + Runtime.version()};
        }
    }
}
