package dev.lakehouse.flows;

import dev.lakehouse.spi.ServiceConfig;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The flows' settings ("flows." keys).
 *
 * @param directory where the flow files are (empty: {@code <data-dir>/flows})
 * @param taskThreads how many tasks run at once, across every run
 */
record FlowsConfig(Optional<Path> directory, int taskThreads) {
    static FlowsConfig from(ServiceConfig config) {
        return new FlowsConfig(config.optionalString("dir").filter(dir -> !dir.isBlank()).map(Path::of),
                config.integer("task-threads", 1, 64));
    }
}
