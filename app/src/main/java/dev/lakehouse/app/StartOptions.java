package dev.lakehouse.app;

import dev.lakehouse.runtime.LakehouseBuilder;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options that shape a lakehouse, shared by every command that boots one. */
final class StartOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file over the defaults (see conf/lakehouse.properties for every key).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "One configuration value; repeatable; wins over --config and LAKEHOUSE_* variables.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--services", paramLabel = "NAME", split = ",",
            description = "Only these components (their dependencies come along), e.g. storage,catalog. Default: all.")
    String[] services;

    @Option(names = "--ports", paramLabel = "fixed|random",
            description = "fixed: the configured ports (9000, 8088, ...); random: free ports, written to <data-dir>/run/endpoints.json.")
    String ports;

    LakehouseBuilder applyTo(LakehouseBuilder builder, Path dataDir) {
        if (configFile != null) {
            builder.configFile(configFile);
        }
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        if (services != null) {
            builder.services(services);
        }
        if (ports != null) {
            builder.set("lakehouse.ports", ports);
        }
        settings.forEach(builder::set);
        return builder;
    }
}
