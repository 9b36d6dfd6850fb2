package dev.lakehouse.app;

import dev.lakehouse.client.RunningLakehouse;
import dev.lakehouse.client.cli.BranchCommand;
import dev.lakehouse.client.cli.CacheCommand;
import dev.lakehouse.client.cli.ClientHost;
import dev.lakehouse.client.cli.ExitCodes;
import dev.lakehouse.client.cli.FlowCommand;
import dev.lakehouse.client.cli.ModelsCommand;
import dev.lakehouse.client.cli.PipelineCommand;
import dev.lakehouse.client.cli.ProduceCommand;
import dev.lakehouse.client.cli.SqlCommand;
import dev.lakehouse.client.cli.StatusCommand;
import dev.lakehouse.client.cli.StopCommand;
import dev.lakehouse.client.cli.Terminal;
import dev.lakehouse.client.cli.TopicsCommand;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.LakehouseStartException;
import dev.lakehouse.runtime.logging.LogMarkers;
import dev.lakehouse.runtime.logging.LoggingSetup;
import dev.lakehouse.runtime.pipeline.PipelineRuns;
import dev.lakehouse.spi.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The whole command line, as the stack's JVM runs it: {@code java -jar lakehouse.jar [command] [options]}. The
 * client commands (status, sql, branch, ...) are the client module's; the launcher usually runs them in its own
 * small JVM, and they come here only to start a stack of their own (--start).
 */
@Command(name = "lakehouse", mixinStandardHelpOptions = true, versionProvider = LakehouseCli.Version.class,
        description = "The open lakehouse stack in one Java process: an S3 object store, a Nessie catalog with Iceberg REST,"
                + " Kafka, Spark, Trino and a source database on one data directory. Without a command, starts every"
                + " component (the same as 'start'); the other commands talk to the lakehouse running on the data directory.",
        subcommands = {StartCommand.class, StatusCommand.class, SqlCommand.class, BranchCommand.class, TopicsCommand.class,
                ProduceCommand.class, PipelineCommand.class, FlowCommand.class, ModelsCommand.class, DemoCommand.class,
                SourcedbCommand.class,
                StopCommand.class, CacheCommand.class, CommandLine.HelpCommand.class},
        // the footer's lines are kept under 80 columns by hand: picocli would break a path at its dots
        footer = {"",
                "Needs Java 25.0.3 or newer; when 'java' is older, lakehouse.jar runs itself on a",
                "JDK 25 it finds (LAKEHOUSE_JAVA_HOME, JAVA_HOME, /usr/lib/jvm, SDKMAN). It unpacks",
                "the jars it carries into ~/.cache/lakehouse once ('lakehouse cache' shows them;",
                "LAKEHOUSE_CACHE_DIR moves them) and starts the stack in a JVM with the flags it",
                "needs; LAKEHOUSE_JAVA_OPTS adds JVM options (for example -Xmx6g).",
                "",
                "Every configuration key is listed, with its default, in",
                "conf/lakehouse.properties; LAKEHOUSE_<KEY> environment variables set them too",
                "(storage.port: LAKEHOUSE_STORAGE_PORT).",
                "",
                "Exit codes: 0 ok, 1 failed, 2 bad command line or configuration, 3 no lakehouse",
                "running, 4 an audit failed (main unchanged), 130 stopped with Ctrl-C."})
public final class LakehouseCli implements Callable<Integer>, ClientHost {
    /** Given before or after the command name alike: every command works on a data directory. */
    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Where everything is kept across restarts (default: data in the working directory).")
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
        commandLine.setOut(new PrintWriter(Terminal.OUT, true));
        commandLine.setErr(new PrintWriter(Terminal.ERR, true));
        // a mistyped option or value is one line, like every other refused configuration (picocli's default
        // printed the whole usage, 48 lines, after it), with the closest option when there is one
        commandLine.setParameterExceptionHandler((e, given) -> {
            String suggestion = e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                    ? " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)" : "";
            Terminal.error(e.getMessage() + suggestion + "; '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' lists the options");
            return ExitCodes.CONFIG;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                Terminal.error(e.getMessage());
                return ExitCodes.CONFIG;
            }
            // one line for the user, the whole story in the log (a command that logs to a file says where)
            org.slf4j.LoggerFactory.getLogger(LakehouseCli.class).error(LogMarkers.FILE_ONLY, "{} failed", cmd.getCommandName(), e);
            Terminal.error(e.getMessage() == null ? e.toString() : e.getMessage());
            return ExitCodes.FAILED;
        });
        return commandLine.execute(args);
    }

    /** The data directory every command works on: --data-dir, else lakehouse.data-dir (file, environment), else ./data. */
    @Override
    public Path dataDir() {
        return configuration().settings().dataDir();
    }

    /** The configuration as the command line and the environment give it (for commands other than start). */
    dev.lakehouse.runtime.LakehouseBuilder configuration() {
        var builder = Lakehouse.builder();
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return builder;
    }

    /** --start: the components a client command needs, in this process, with a console on a free port. */
    @Override
    public TemporaryLakehouse start(Set<String> services) {
        Path dir = dataDir();
        Path logFile = LoggingSetup.toFile(dir);
        Terminal.ERR.println("No lakehouse is running on " + dir + ": starting " + String.join(", ", services)
                + " (and what it needs) for this command; it stops when the command ends (log: " + logFile + ")...");
        Lakehouse lakehouse;
        try {
            lakehouse = configuration().services(services.toArray(String[]::new)).randomPorts().withConsole().start();
        } catch (LakehouseStartException e) {
            throw new IllegalStateException(e.getMessage() + " (details: " + logFile + ")", e);
        }
        RunningLakehouse running;
        try {
            running = RunningLakehouse.find(dir).orElseThrow(() -> new IllegalStateException("the lakehouse started but wrote no run file"));
        } catch (IOException e) {
            lakehouse.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new TemporaryLakehouse() {
            @Override
            public RunningLakehouse running() {
                return running;
            }

            @Override
            public void close() {
                lakehouse.close();
            }
        };
    }

    @Override
    public Map<String, String> localPipelines() {
        return PipelineRuns.available();
    }

    @Override
    public Set<String> pipelineServices(String pipeline) {
        try {
            return dev.lakehouse.spark.pipeline.Pipelines.named(pipeline).services();
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
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
