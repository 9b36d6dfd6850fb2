package dev.lakehouse.app;

import dev.lakehouse.client.cli.ExitCodes;
import dev.lakehouse.client.cli.Terminal;
import dev.lakehouse.runtime.Lakehouse;
import dev.lakehouse.runtime.LakehouseBuilder;
import dev.lakehouse.runtime.LakehouseListener;
import dev.lakehouse.runtime.LakehouseStartException;
import dev.lakehouse.runtime.logging.LoggingSetup;
import dev.lakehouse.spi.ConfigException;
import dev.lakehouse.spi.Endpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * How a command boots a lakehouse in its own process (start, demo): the log file first, then the whole
 * configuration checked, then the start. A failure is one line to the user and an exit code; whatever had
 * started is stopped by then.
 */
final class CommandBoot {
    /** A started lakehouse and the file its run logs to. */
    record Booted(Lakehouse lakehouse, Path logFile) {
    }

    /** A boot that failed; the user has been told why in one line. */
    static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        private final int exitCode;

        Failed(int exitCode) {
            super(null, null, false, false);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private CommandBoot() {
    }

    /**
     * @param announce called once the configuration is valid, before anything starts, with the lakehouse and its log file
     * @throws Failed with {@link ExitCodes#CONFIG} for a bad configuration, {@link ExitCodes#START_FAILED} for a failed start
     */
    static Booted start(LakehouseBuilder builder, BiConsumer<Lakehouse, Path> announce) throws Failed {
        Lakehouse lakehouse;
        try {
            lakehouse = builder.build();
        } catch (ConfigException e) {
            // nothing is created for a configuration refused: not even the data directory's log folder
            Terminal.error(e.getMessage());
            throw new Failed(ExitCodes.CONFIG);
        }
        Path logFile = LoggingSetup.toFile(lakehouse.dataDir());
        announce.accept(lakehouse, logFile);
        try {
            lakehouse.start();
        } catch (LakehouseStartException e) {
            Terminal.error(e.getMessage() + " (details: " + logFile + ")");
            LoggingSetup.shutdown();
            throw new Failed(ExitCodes.FAILED);
        }
        return new Booted(lakehouse, logFile);
    }

    /** A line per component as it becomes ready (and, with {@code reportStops}, as it stops), so a slow boot shows where it is. */
    static LakehouseListener progressLines(String indent, boolean reportStops) {
        return new LakehouseListener() {
            @Override
            public void ready(String service, Duration took, List<Endpoint> endpoints) {
                Terminal.OUT.printf("%s%-9s ready in %s%n", indent, service, Banner.seconds(took));
            }

            @Override
            public void stopped(String service) {
                if (reportStops) {
                    Terminal.OUT.printf("%s%-9s stopped%n", indent, service);
                }
            }

            @Override
            public void lakehouseStopped() {
                if (reportStops) {
                    Terminal.OUT.println("lakehouse stopped.");
                    Terminal.OUT.flush();
                }
            }
        };
    }
}
