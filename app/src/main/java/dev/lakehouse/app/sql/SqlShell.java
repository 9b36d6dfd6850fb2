package dev.lakehouse.app.sql;

import dev.lakehouse.spi.sql.SqlSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The interactive {@code lakehouse sql}: line editing and a history kept across runs (JLine), statements
 * ending with a semicolon, possibly over several lines. Ctrl-C drops the statement being typed, Ctrl-D or
 * "quit" ends the shell.
 */
public final class SqlShell {
    private SqlShell() {
    }

    public static void run(SqlSession session, ResultFormat format, Path history, PrintStream out, PrintStream err) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("lakehouse")
                    .variable(LineReader.HISTORY_FILE, history)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P -> ")
                    .build();
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
                        SqlRunner.execute(session, sql, format, out, err);
                    }
                    statement.setLength(0);
                }
            }
        }
    }
}
