package dev.lakehouse.sourcedb.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lexer for PostgreSQL SQL text, enough to find statements, keywords and parentheses without being fooled by
 * string literals, quoted identifiers, comments or dollar quotes. It does not parse: the rewrites look at token
 * sequences, and text between tokens is kept as it was.
 */
final class SqlTokens {
    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, PARAMETER, SYMBOL, SPACE, COMMENT }

    /** A token: its kind, its text and where it starts. */
    record Token(Kind kind, String text, int start) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        /** Code that matters to a statement's meaning (not blanks nor comments). */
        boolean significant() {
            return kind != Kind.SPACE && kind != Kind.COMMENT;
        }

        /** A name as PostgreSQL folds it: unquoted lower-cased, quoted as written. */
        String name() {
            return kind == Kind.QUOTED_NAME ? text.substring(1, text.length() - 1).replace("\"\"", "\"")
                    : text.toLowerCase(Locale.ROOT);
        }

        int end() {
            return start + text.length();
        }
    }

    private SqlTokens() {
    }

    static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            Kind kind;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(sql.charAt(i))) {
                    i++;
                }
                kind = Kind.SPACE;
            } else if (c == '-' && at(sql, i + 1, '-')) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                kind = Kind.COMMENT;
            } else if (c == '/' && at(sql, i + 1, '*')) {
                i = blockCommentEnd(sql, i);
                kind = Kind.COMMENT;
            } else if (c == '\'') {
                i = quoteEnd(sql, i, '\'', false);
                kind = Kind.STRING;
            } else if ((c == 'E' || c == 'e') && at(sql, i + 1, '\'')) {
                i = quoteEnd(sql, i + 1, '\'', true);
                kind = Kind.STRING;
            } else if (c == '"') {
                i = quoteEnd(sql, i, '"', false);
                kind = Kind.QUOTED_NAME;
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                kind = Kind.PARAMETER;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                i = close < 0 ? n : close + tag.length();
                kind = Kind.STRING;
            } else if (Character.isLetter(c) || c == '_' || c > 127) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$'
                        || sql.charAt(i) > 127)) {
                    i++;
                }
                kind = Kind.WORD;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                kind = Kind.NUMBER;
            } else if (c == ':' && at(sql, i + 1, ':')) {
                i += 2;
                kind = Kind.SYMBOL;
            } else {
                i++;
                kind = Kind.SYMBOL;
            }
            tokens.add(new Token(kind, sql.substring(start, i), start));
        }
        return tokens;
    }

    /** The statements of a script, split at semicolons outside quotes, comments and parentheses; blank ones dropped. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (Token token : tokenize(sql)) {
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth = Math.max(0, depth - 1);
            } else if (token.isSymbol(";") && depth == 0) {
                add(statements, sql.substring(start, token.start()));
                start = token.end();
            }
        }
        add(statements, sql.substring(start));
        return statements;
    }

    private static void add(List<String> statements, String statement) {
        if (significant(tokenize(statement)).isEmpty()) {
            return;
        }
        statements.add(statement.strip());
    }

    /** The tokens without blanks and comments. */
    static List<Token> significant(List<Token> tokens) {
        return tokens.stream().filter(Token::significant).toList();
    }

    /** The index of the parenthesis that closes the one at {@code open}, or -1. */
    static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The index of the first word {@code word} outside parentheses, from {@code from}, or -1. */
    static int topLevelWord(List<Token> tokens, int from, String word) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && token.isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean at(String sql, int index, char c) {
        return index < sql.length() && sql.charAt(index) == c;
    }

    private static int blockCommentEnd(String sql, int i) {
        int depth = 0;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                i += 2;
                if (--depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static int quoteEnd(String sql, int open, char quote, boolean backslashEscapes) {
        int i = open + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (at(sql, i + 1, quote)) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** The tag of a dollar quote opening at {@code i} ($$ or $name$), or null. */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}
