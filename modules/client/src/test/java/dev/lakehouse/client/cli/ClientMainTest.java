package dev.lakehouse.client.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ClientMainTest {
    private static boolean client(String... args) {
        return ClientMain.isClientCommand(new CommandLine(new ClientCli()), args);
    }

    @Test
    void clientCommandsRunInTheLaunchersJvm() {
        assertThat(client("sql", "-e", "SELECT 1")).isTrue();
        assertThat(client("--data-dir", "/tmp/x", "branch", "list")).isTrue();
        assertThat(client("status", "--data-dir", "/tmp/x")).isTrue();
        assertThat(client("pipeline", "run", "medallion", "--layer", "gold")).isTrue();
        assertThat(client("sql", "--help")).isTrue();
    }

    @Test
    void aMistakeInAClientCommandIsTheClientCommandsToReport() {
        assertThat(client("sql", "--no-such-option")).isTrue();
        assertThat(client("branch", "frobnicate")).isTrue();
    }

    @Test
    void everythingElseGoesToTheStacksJvm() {
        assertThat(client()).as("no command: start").isFalse();
        assertThat(client("start")).isFalse();
        assertThat(client("demo", "--events", "10")).isFalse();
        assertThat(client("--services", "storage", "--ports", "random")).isFalse();
        assertThat(client("--help")).as("the whole program's help lists every command").isFalse();
        assertThat(client("--config", "my.properties", "sql", "-e", "SELECT 1")).as("a configuration file is read there").isFalse();
    }

    @Test
    void theLaunchersJvmAsksForTheStacksOneWhenACommandMustStartAStack() {
        assertThat(ClientMain.run(new String[] {"--data-dir", System.getProperty("java.io.tmpdir") + "/lakehouse-none-" + System.nanoTime(),
                "sql", "--start", "-e", "SELECT 1"})).isEqualTo(ClientMain.RELAUNCH);
    }
}
