package dev.lakehouse.client.cli;

import dev.lakehouse.client.RunningLakehouse;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * What the root of a command line gives its client commands: the data directory, and what to do when no
 * lakehouse runs there. The launcher's small JVM cannot start a stack, so its root asks for the full one
 * ({@link RelaunchRequired}); the full command line boots the components in its own process.
 */
public interface ClientHost {
    /** The data directory the command works on. */
    Path dataDir();

    /**
     * Starts, in this process, the components a command needs (with a console on a free port), for the length of
     * the command (--start).
     *
     * @throws RelaunchRequired in a process that cannot start a stack
     */
    TemporaryLakehouse start(Set<String> services);

    /**
     * The pipelines this process carries, by name with their description, for {@code pipeline list} when no
     * lakehouse runs.
     *
     * @throws RelaunchRequired in a process without them on its class path
     */
    Map<String, String> localPipelines();

    /**
     * The components a pipeline needs besides Spark, storage and the catalog (for --start).
     *
     * @throws RelaunchRequired in a process without the pipelines on its class path
     */
    Set<String> pipelineServices(String pipeline);

    /** A lakehouse a command started for itself; closing it stops it. */
    interface TemporaryLakehouse extends AutoCloseable {
        RunningLakehouse running();

        @Override
        void close();
    }

    /** This process cannot do what the command asks: the launcher runs the command again in the stack's JVM. */
    final class RelaunchRequired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RelaunchRequired() {
            super("this command needs the lakehouse's full runtime", null, false, false);
        }
    }
}
