package dev.lakehouse.client.cli.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at semicolons that are not inside quotes ('...', "...", `...`) or
 * comments (-- to the end of the line, /* ... *&#47;). Empty statements are dropped.
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : 0;
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
                current.append('\n');
            } else if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? script.length() : end + 1;
                current.append(' ');
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                current.append(c);
            } else if (c == ';') {
                add(statements, current);
            } else {
                current.append(c);
            }
        }
        add(statements, current);
        return statements;
    }

    /** True when the text ends a statement: a semicolon outside quotes and comments (for the shell). */
    public static boolean isComplete(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return false;
        }
        List<String> statements = split(trimmed + "\n;__probe__");
        return statements.getLast().equals("__probe__") && trimmed.endsWith(";");
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
