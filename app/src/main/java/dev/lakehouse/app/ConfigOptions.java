package dev.lakehouse.app;

import dev.lakehouse.runtime.LakehouseBuilder;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration options of every command that boots components (start, demo). */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file over the defaults; every key is in conf/lakehouse.properties.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "One configuration value; repeatable; wins over --config and LAKEHOUSE_* variables.")
    Map<String, String> settings = new LinkedHashMap<>();

    LakehouseBuilder applyTo(LakehouseBuilder builder, Path dataDir) {
        if (configFile != null) {
            builder.configFile(configFile);
        }
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return builder;
    }

    /** The --set values, applied last: they win over what a command sets itself. */
    LakehouseBuilder applySettings(LakehouseBuilder builder) {
        settings.forEach(builder::set);
        return builder;
    }
}
