package dev.lakehouse.app.sql;

import dev.lakehouse.spi.sql.SqlSession;

import java.io.PrintStream;

/** Runs statements on a session and prints what they answer; an engine's refusal is one line, not a trace. */
public final class SqlRunner {
    private SqlRunner() {
    }

    /** @return true when the statement ran */
    public static boolean execute(SqlSession session, String sql, ResultFormat format, PrintStream out, PrintStream err) {
        try {
            format.print(session.execute(sql), out);
            return true;
        } catch (Exception e) {
            err.println("lakehouse: " + session.engine() + " rejected the statement: " + firstLine(e));
            return false;
        }
    }

    /** The engine's own message, without the Java exception's name or its stack. */
    static String firstLine(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message)
                .replaceFirst("^(?i)(java\\.sql\\.SQLException|org\\.apache\\.spark\\.[A-Za-z.]*Exception): ", "")
                .replaceFirst("^Query failed \\(#[^)]*\\): ", "");
    }

}
