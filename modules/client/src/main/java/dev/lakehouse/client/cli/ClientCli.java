package dev.lakehouse.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The root of the client commands as the launcher's small JVM runs them: the same commands the full command
 * line has, minus those that boot a stack. Anything else (start, demo, --help of the whole program...) is handed
 * to the full command line in the stack's JVM.
 */
@Command(name = "lakehouse", subcommands = {StatusCommand.class, SqlCommand.class, BranchCommand.class, TopicsCommand.class,
        ProduceCommand.class, PipelineCommand.class, FlowCommand.class, ModelsCommand.class, StopCommand.class, CacheCommand.class})
public final class ClientCli implements ClientHost {
    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Where everything is kept across restarts (default: data in the working directory, or LAKEHOUSE_DATA_DIR).")
    Path dataDir;

    @Override
    public Path dataDir() {
        return resolveDataDir(dataDir);
    }

    /** --data-dir, else LAKEHOUSE_DATA_DIR, else ./data. */
    public static Path resolveDataDir(Path given) {
        if (given != null) {
            return given;
        }
        String variable = System.getenv("LAKEHOUSE_DATA_DIR");
        return Path.of(variable == null || variable.isBlank() ? "data" : variable);
    }

    @Override
    public TemporaryLakehouse start(Set<String> services) {
        throw new RelaunchRequired();
    }

    @Override
    public Map<String, String> localPipelines() {
        throw new RelaunchRequired();
    }

    @Override
    public Set<String> pipelineServices(String pipeline) {
        throw new RelaunchRequired();
    }
}
