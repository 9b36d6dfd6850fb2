package dev.lakehouse.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

import static org.assertj.core.api.Assertions.assertThat;

class LakehouseCliTest {
    @Test
    void aComponentNamedLikeACommandIsStillAServiceName() {
        ParseResult parsed = LakehouseCli.commandLine().parseArgs("--services", "sourcedb", "--ports", "random");
        assertThat(parsed.subcommand()).as("no command: start").isNull();
        assertThat((String[]) parsed.matchedOptionValue("--services", new String[0])).containsExactly("sourcedb");
    }

    @Test
    void theCommandsAreStillCommands() {
        assertThat(LakehouseCli.commandLine().parseArgs("--data-dir", "/tmp/x", "sourcedb").subcommand().commandSpec().name())
                .isEqualTo("sourcedb");
        assertThat(LakehouseCli.commandLine().parseArgs("demo", "--set", "sourcedb.orders=10").subcommand().commandSpec().name())
                .isEqualTo("demo");
    }
}
