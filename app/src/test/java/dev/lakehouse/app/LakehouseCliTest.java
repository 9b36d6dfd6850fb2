package dev.lakehouse.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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

    @Test
    void everyHelpPageReadsOnAnEightyColumnTerminal() {
        List<CommandLine> commands = new ArrayList<>();
        collect(LakehouseCli.commandLine(), commands);
        assertThat(commands).hasSizeGreaterThan(20);
        for (CommandLine command : commands) {
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = command.getCommandSpec().qualifiedName();
            assertThat(help.lines()).as(name + "'s help").allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
            // picocli breaks a long word at its dots: "conf/lakehouse.\n properties"
            // (a continuation line, not the list of commands, whose lines are indented by two)
            var broken = Pattern.compile(".*[a-z]\\.\\n(?: {3,})?[a-z].*").matcher(help);
            assertThat(broken.find() ? broken.group() : "").as(name + "'s help breaks a word").isEmpty();
            if (command.getCommandSpec().parent() != null && !(command.getCommand() instanceof CommandLine.HelpCommand)) {
                String[] header = command.getCommandSpec().usageMessage().header();
                assertThat(header).as(name + " has a one-line summary for the list of commands").hasSize(1);
                assertThat(header[0]).as(name + "'s summary is a sentence").endsWith(".").hasSizeLessThan(70);
            }
        }
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }
}
