package dev.lakehouse.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * The entry point the launcher calls, in its own small JVM, before it would relaunch the stack's JVM: runs a
 * client command and returns its exit code, or {@link #RELAUNCH} when the arguments are not a client command
 * (start, demo, the whole program's --help) or the command needs the full runtime (--start when nothing runs).
 */
public final class ClientMain {
    /** Not an exit code: run these arguments in the stack's JVM instead. */
    public static final int RELAUNCH = -1;

    private ClientMain() {
    }

    public static int run(String[] args) {
        // one command line for both the check and the run: building picocli's model is most of a client's start
        CommandLine commandLine = configure(new CommandLine(new ClientCli()));
        if (!isClientCommand(commandLine, args)) {
            return RELAUNCH;
        }
        return commandLine.execute(args);
    }

    /** Whether the arguments name a client command (possibly wrongly: then the command reports it). */
    static boolean isClientCommand(CommandLine commandLine, String[] args) {
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            return parsed.hasSubcommand();
        } catch (ParameterException e) {
            // an unknown option or command at the top is for the full command line; a mistake inside a client
            // command is the client command's to report
            return e.getCommandLine().getCommandSpec().parent() != null;
        }
    }

    /** Output on the real terminal; an unexpected failure is one line (the small JVM keeps no log). */
    private static CommandLine configure(CommandLine commandLine) {
        commandLine.setOut(new PrintWriter(Terminal.OUT, true));
        commandLine.setErr(new PrintWriter(Terminal.ERR, true));
        // a mistyped option or value is one line with where the help is, as in the full command line (picocli's
        // default printed the command's whole usage after it)
        commandLine.setParameterExceptionHandler((e, given) -> {
            String suggestion = e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                    ? " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)" : "";
            Terminal.error(e.getMessage() + suggestion + "; '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' lists the options");
            return ExitCodes.CONFIG;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ClientHost.RelaunchRequired) {
                return RELAUNCH;
            }
            Terminal.error(e.getMessage() == null ? e.toString() : e.getMessage());
            return ExitCodes.FAILED;
        });
        return commandLine;
    }
}
