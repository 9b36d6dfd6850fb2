package dev.lakehouse.client.cli.sql;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The interactive {@code lakehouse sql}: line editing and a history kept across runs (JLine), statements
 * ending with a semicolon, possibly over several lines. Ctrl-C drops the statement being typed, or cancels the
 * one running; Ctrl-D or "quit" ends the shell.
 */
public final class SqlShell {
    private SqlShell() {
    }

    public static void run(RemoteSqlSession session, ResultFormat format, Path history, PrintStream out, PrintStream err) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("lakehouse")
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P -> ")
                    .build();
            // while a statement runs, Ctrl-C cancels it in the lakehouse and the shell goes on
            AtomicReference<String> running = new AtomicReference<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            terminal.handle(Terminal.Signal.INT, signal -> {
                String operation = running.get();
                if (operation != null) {
                    cancelled.set(true);
                    session.cancel(operation);
                }
            });
            out.println("lakehouse sql on " + session.engine() + ": end statements with ';', leave with quit or Ctrl-D.");
            StringBuilder statement = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(statement.isEmpty() ? session.engine() + "> " : " ".repeat(session.engine().length()) + "> ");
                } catch (UserInterruptException e) {
                    statement.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                if (statement.isEmpty() && (line.strip().equalsIgnoreCase("quit") || line.strip().equalsIgnoreCase("exit"))) {
                    return;
                }
                statement.append(line).append('\n');
                if (StatementSplitter.isComplete(statement.toString())) {
                    for (String sql : StatementSplitter.split(statement.toString())) {
                        String operation = UUID.randomUUID().toString();
                        cancelled.set(false);
                        running.set(operation);
                        try {
                            session.execute(sql, operation, cancelled::get, format, out, err);
                        } finally {
                            running.set(null);
                        }
                        if (cancelled.get()) {
                            break;
                        }
                    }
                    statement.setLength(0);
                }
            }
        }
    }
}
