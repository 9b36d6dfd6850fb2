package dev.lakehouse.app;

import dev.lakehouse.runtime.LakehouseBuilder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that shape a lakehouse, shared by every command that boots one. */
final class StartOptions {
    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--services", paramLabel = "NAME", split = ",",
            description = "Only these components (their dependencies come along), e.g. storage,catalog. Default: all.")
    String[] services;

    @Option(names = "--ports", paramLabel = "fixed|random",
            description = "fixed: the configured ports (9000, 8088, ...); random: free ports, written to <data-dir>/run/endpoints.json.")
    String ports;

    LakehouseBuilder applyTo(LakehouseBuilder builder, Path dataDir) {
        config.applyTo(builder, dataDir);
        if (services != null) {
            builder.services(services);
        }
        if (ports != null) {
            builder.set("lakehouse.ports", ports);
        }
        return config.applySettings(builder);
    }
}
