package dev.lakehouse.sourcedb.pg;

import dev.lakehouse.sourcedb.pg.SqlTokens.Kind;
import dev.lakehouse.sourcedb.pg.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The targeted rewrites that let H2 (PostgreSQL mode) run what PostgreSQL clients send. Each rewrite looks for one
 * idiom in the token stream (never inside literals or comments) and changes only that; anything else reaches H2 as
 * the client wrote it:
 * <ul>
 *   <li>psql's catalog idioms: {@code OPERATOR(pg_catalog.~)} is {@code ~}; {@code COLLATE pg_catalog.default} goes;
 *       {@code E'...'} strings become standard strings (H2 reads them without their escapes); casts to PostgreSQL's
 *       internal types become H2 types;</li>
 *   <li>catalog tables H2 builds itself but without the columns psql reads ({@code pg_class}, {@code pg_namespace}...)
 *       and functions H2 lacks are read from {@link PgCatalog#SCHEMA}, where {@link PgCatalog} defines them;</li>
 *   <li>{@code INSERT/UPDATE/DELETE ... RETURNING list} becomes H2's {@code SELECT list FROM FINAL TABLE (...)};</li>
 *   <li>{@code COPY (query) TO STDOUT} becomes the query (the front streams its rows as COPY data);
 *       {@code COPY table FROM STDIN} is taken over by the front (see {@link Statement.CopyIn}).</li>
 * </ul>
 */
final class SqlRewriter {
    /** PostgreSQL type names H2 does not know, as casts ({@code x::name}) use them. */
    private static final Map<String, String> CAST_TYPES = Map.of("name", "varchar", "oid", "integer", "char", "char",
            "regproc", "varchar", "regtype", "integer", "regnamespace", "integer", "regrole", "integer",
            "int2vector", "varchar", "oidvector", "varchar");
    private static final Set<String> COLLATIONS = Set.of("default", "c", "posix");
    /** Functions H2 has, but not under the name pg_catalog.name (the table function unnest). */
    private static final Set<String> UNQUALIFIED_FUNCTIONS = Set.of("unnest", "generate_series");
    /**
     * Whole expressions of psql's that H2 cannot run, by their exact text, with what they always amount to here:
     * \d+ appends a table's TOAST options (H2 cannot correlate UNNEST's argument with the outer query; there are none).
     */
    private static final Map<Pattern, String> PSQL_IDIOMS = Map.of(
            Pattern.compile("array\\(select 'toast\\.' \\|\\| x from pg_catalog\\.unnest\\(tc\\.reloptions\\) x\\)",
                    Pattern.CASE_INSENSITIVE), "CAST(NULL AS VARCHAR ARRAY)");
    /** Session settings PostgreSQL clients set that H2 has not got: accepted and ignored (pgjdbc sets the first two). */
    private static final Set<String> IGNORED_SETTINGS = Set.of("extra_float_digits", "application_name",
            "client_min_messages", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout",
            "intervalstyle", "bytea_output", "jit", "work_mem", "synchronous_commit", "standard_conforming_strings",
            "default_transaction_read_only", "row_security");
    /** A statement H2 answers with a command tag and nothing else (the tag becomes "SET"). */
    private static final String NO_OP = "SET @lakehouse_ignored_setting = 0";
    /** Where a select list ends. */
    private static final Set<String> SELECT_LIST_END = Set.of("from", "into", "where", "group", "having", "order", "limit",
            "offset", "union", "intersect", "except", "window", "fetch", "for");

    private SqlRewriter() {
    }

    /** The statements of a simple-protocol query. */
    static List<Statement> script(String sql) {
        return SqlTokens.statements(sql).stream().map(SqlRewriter::statement).toList();
    }

    /** One statement. */
    static Statement statement(String sql) {
        List<Token> significant = SqlTokens.significant(SqlTokens.tokenize(sql));
        if (!significant.isEmpty() && significant.getFirst().isWord("copy")) {
            return copy(sql, significant);
        }
        String verb = verb(significant);
        if (significant.size() > 1 && significant.getFirst().isWord("set")) {
            Token name = significant.get(1).isWord("session") && significant.size() > 2 ? significant.get(2) : significant.get(1);
            if (IGNORED_SETTINGS.contains(name.name())) {
                return Statement.plain(NO_OP, "SET", List.of());
            }
        }
        String transaction = transaction(significant);
        if (transaction != null) {
            return Statement.plain(transaction, verb, List.of());
        }
        String rewritten = catalogIdioms(sql);
        List<Token> tokens = SqlTokens.significant(SqlTokens.tokenize(rewritten));
        String returningVerb = null;
        if (Set.of("INSERT", "UPDATE", "DELETE").contains(verb)) {
            int returning = SqlTokens.topLevelWord(tokens, 0, "returning");
            if (returning > 0) {
                returningVerb = verb;
                rewritten = returning(rewritten, tokens, returning, verb);
            }
        }
        return new Statement(rewritten, verb, returningVerb, null, null, labels(rewritten), null);
    }

    /**
     * PostgreSQL's other ways to begin and end a transaction, as H2's {@code BEGIN}, {@code COMMIT} and
     * {@code ROLLBACK} (transaction modes such as an isolation level are dropped: H2 keeps its own), or null.
     */
    private static String transaction(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return null;
        }
        Token first = tokens.getFirst();
        if (first.isWord("start") && tokens.size() > 1 && tokens.get(1).isWord("transaction")) {
            return "BEGIN";
        }
        if (first.isWord("begin") && tokens.size() > 1 && !tokens.get(1).isSymbol(";")) {
            return "BEGIN";
        }
        if (first.isWord("end")) {
            return "COMMIT";
        }
        if (first.isWord("abort")) {
            return "ROLLBACK";
        }
        return null;
    }

    // ---- psql's catalog idioms ----

    static String catalogIdioms(String sql) {
        for (Map.Entry<Pattern, String> idiom : PSQL_IDIOMS.entrySet()) {
            sql = idiom.getKey().matcher(sql).replaceAll(idiom.getValue());
        }
        List<Token> tokens = SqlTokens.tokenize(sql);
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int i = 0;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            int next = nextSignificant(tokens, i);
            Token after = next < tokens.size() ? tokens.get(next) : null;
            // r.conrelid::pg_catalog.regclass -> the table's name (H2's regclass of a number is the number)
            if (token.kind() == Kind.WORD && !previousIsDot(tokens, i)) {
                int nameEnd = qualifiedNameEnd(tokens, i);
                int cast = nextSignificant(tokens, nameEnd - 1);
                if (cast < tokens.size() && tokens.get(cast).isSymbol("::")) {
                    int typeStart = nextSignificant(tokens, cast);
                    int typeEnd = typeStart < tokens.size() ? qualifiedNameEnd(tokens, typeStart) : typeStart;
                    if (typeStart < tokens.size() && tokens.get(typeEnd - 1).name().equals("regclass")) {
                        out.append(PgCatalog.SCHEMA).append(".lh_regclass(")
                                .append(sql, token.start(), tokens.get(nameEnd - 1).end()).append(')');
                        i = typeEnd;
                        continue;
                    }
                }
            }
            // OPERATOR(pg_catalog.~) -> ~
            if (token.isWord("operator") && after != null && after.isSymbol("(")) {
                int close = SqlTokens.closing(tokens, next);
                if (close > 0) {
                    out.append(' ').append(operatorSymbol(tokens.subList(next + 1, close))).append(' ');
                    i = close + 1;
                    continue;
                }
            }
            // COLLATE pg_catalog.default / "C" -> (nothing): H2 compares names in its own collation
            if (token.isWord("collate") && after != null) {
                int end = qualifiedNameEnd(tokens, next);
                Token last = tokens.get(end - 1);
                if (COLLATIONS.contains(last.name().toLowerCase(Locale.ROOT))) {
                    i = end;
                    continue;
                }
            }
            // E'a\nb' -> 'a<newline>b'
            if (token.kind() == Kind.STRING && (token.text().startsWith("E'") || token.text().startsWith("e'"))) {
                out.append(standardString(token.text()));
                i++;
                continue;
            }
            // ::pg_catalog.name -> ::varchar
            if (token.isSymbol("::") && after != null) {
                int end = qualifiedNameEnd(tokens, next);
                String type = tokens.get(end - 1).name();
                boolean qualified = end - next > 1;
                if (CAST_TYPES.containsKey(type) && (tokens.get(end - 1).kind() == Kind.QUOTED_NAME) == type.equals("char")) {
                    out.append("::").append(CAST_TYPES.get(type));
                    i = end;
                    continue;
                }
                if (qualified && tokens.get(next).name().equals("pg_catalog")) {
                    out.append("::").append(sql, tokens.get(end - 1).start(), tokens.get(end - 1).end());
                    i = end;
                    continue;
                }
            }
            // pg_catalog.pg_class -> pg_compat.pg_class (and the functions H2 lacks)
            if (token.kind() == Kind.WORD && token.name().equals("pg_catalog") && after != null && after.isSymbol(".")) {
                int nameIndex = nextSignificant(tokens, next);
                if (nameIndex < tokens.size() && isCompatName(tokens, nameIndex)) {
                    out.append(PgCatalog.compatName(tokens.get(nameIndex).name()));
                    i = nameIndex + 1;
                    continue;
                }
                if (nameIndex < tokens.size() && UNQUALIFIED_FUNCTIONS.contains(tokens.get(nameIndex).name())) {
                    i = nameIndex;
                    continue;
                }
            }
            // an unqualified pg_class after FROM/JOIN, an unqualified function H2 lacks
            if (token.kind() == Kind.WORD && !previousIsDot(tokens, i) && isCompatName(tokens, i)
                    && (PgCatalog.FUNCTIONS.contains(token.name()) || previousIsFromOrJoin(tokens, i))) {
                out.append(PgCatalog.compatName(token.name()));
                i++;
                continue;
            }
            out.append(token.text());
            i++;
        }
        return out.toString();
    }

    private static boolean isCompatName(List<Token> tokens, int index) {
        Token token = tokens.get(index);
        if (token.kind() != Kind.WORD) {
            return false;
        }
        int next = nextSignificant(tokens, index);
        boolean call = next < tokens.size() && tokens.get(next).isSymbol("(");
        return call ? PgCatalog.FUNCTIONS.contains(token.name()) : PgCatalog.TABLES.contains(token.name());
    }

    private static String operatorSymbol(List<Token> inside) {
        StringBuilder symbol = new StringBuilder();
        for (Token token : inside) {
            if (token.kind() == Kind.SYMBOL && !token.isSymbol(".")) {
                symbol.append(token.text());
            }
        }
        return symbol.toString();
    }

    /** The index after a name such as {@code a}, {@code "a"} or {@code a.b} starting at {@code start}. */
    private static int qualifiedNameEnd(List<Token> tokens, int start) {
        int end = start + 1;
        while (true) {
            int dot = nextSignificant(tokens, end - 1);
            if (dot >= tokens.size() || !tokens.get(dot).isSymbol(".")) {
                return end;
            }
            int name = nextSignificant(tokens, dot);
            if (name >= tokens.size() || (tokens.get(name).kind() != Kind.WORD && tokens.get(name).kind() != Kind.QUOTED_NAME)) {
                return end;
            }
            end = name + 1;
        }
    }

    private static int nextSignificant(List<Token> tokens, int index) {
        int i = index + 1;
        while (i < tokens.size() && !tokens.get(i).significant()) {
            i++;
        }
        return i;
    }

    private static int previousSignificant(List<Token> tokens, int index) {
        int i = index - 1;
        while (i >= 0 && !tokens.get(i).significant()) {
            i--;
        }
        return i;
    }

    private static boolean previousIsDot(List<Token> tokens, int index) {
        int previous = previousSignificant(tokens, index);
        return previous >= 0 && (tokens.get(previous).isSymbol(".") || tokens.get(previous).isSymbol("::"));
    }

    private static boolean previousIsFromOrJoin(List<Token> tokens, int index) {
        int previous = previousSignificant(tokens, index);
        return previous >= 0 && (tokens.get(previous).isWord("from") || tokens.get(previous).isWord("join"));
    }

    /** {@code E'it\'s\n'} as a standard literal (H2 would keep the backslashes). */
    static String standardString(String escaped) {
        String body = escaped.substring(2, escaped.length() - 1);
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                value.append('\'');
                i++;
            } else if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                value.append(switch (next) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> next;
                });
            } else {
                value.append(c);
            }
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }

    // ---- RETURNING ----

    /** {@code INSERT INTO t ... RETURNING a, b} -> {@code SELECT a, b FROM FINAL TABLE (INSERT INTO t ...) t}. */
    private static String returning(String sql, List<Token> tokens, int returning, String verb) {
        String change = sql.substring(0, tokens.get(returning).start()).strip();
        String list = sql.substring(tokens.get(returning).end()).strip();
        if (list.endsWith(";")) {
            list = list.substring(0, list.length() - 1);
        }
        String alias = targetAlias(tokens, verb);
        return "SELECT " + list + " FROM " + (verb.equals("DELETE") ? "OLD" : "FINAL") + " TABLE (" + change + ")"
                + (alias == null ? "" : " " + alias);
    }

    /** The name the RETURNING list may qualify columns with: the target table's alias, else its name. */
    private static String targetAlias(List<Token> tokens, String verb) {
        int name = verb.equals("UPDATE") ? 1 : 2;
        if (name >= tokens.size()) {
            return null;
        }
        int end = name + 1;
        while (end + 1 < tokens.size() && tokens.get(end).isSymbol(".")) {
            end += 2;
        }
        Token table = tokens.get(end - 1);
        if (end < tokens.size() && tokens.get(end).isWord("as") && end + 1 < tokens.size()) {
            return tokens.get(end + 1).text();
        }
        if (end < tokens.size() && tokens.get(end).kind() == Kind.WORD && verb.equals("UPDATE") && !tokens.get(end).isWord("set")) {
            return tokens.get(end).text();
        }
        return table.kind() == Kind.WORD || table.kind() == Kind.QUOTED_NAME ? table.text() : null;
    }

    // ---- COPY ----

    private static Statement copy(String sql, List<Token> tokens) {
        int i = 1;
        String query;
        String table = null;
        String columns = null;
        if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
            int close = SqlTokens.closing(tokens, i);
            if (close < 0) {
                return Statement.refused(sql, "syntax error in COPY: unbalanced parentheses");
            }
            query = catalogIdioms(sql.substring(tokens.get(i).end(), tokens.get(close).start()).strip());
            i = close + 1;
        } else {
            int start = i;
            while (i < tokens.size() && (tokens.get(i).kind() == Kind.WORD || tokens.get(i).kind() == Kind.QUOTED_NAME
                    || tokens.get(i).isSymbol(".")) && !tokens.get(i).isWord("to") && !tokens.get(i).isWord("from")) {
                i++;
            }
            if (i == start || i >= tokens.size()) {
                return Statement.refused(sql, "syntax error in COPY: a table or a (query) must follow COPY");
            }
            table = sql.substring(tokens.get(start).start(), tokens.get(i - 1).end());
            if (tokens.get(i).isSymbol("(")) {
                int close = SqlTokens.closing(tokens, i);
                if (close < 0) {
                    return Statement.refused(sql, "syntax error in COPY: unbalanced parentheses");
                }
                columns = sql.substring(tokens.get(i).end(), tokens.get(close).start()).strip();
                i = close + 1;
            }
            query = "SELECT " + (columns == null ? "*" : columns) + " FROM " + table;
        }
        if (i + 1 >= tokens.size()) {
            return Statement.refused(sql, "syntax error in COPY: TO STDOUT or FROM STDIN expected");
        }
        boolean out = tokens.get(i).isWord("to");
        boolean in = tokens.get(i).isWord("from");
        Token target = tokens.get(i + 1);
        if (!(out && target.isWord("stdout")) && !(in && target.isWord("stdin"))) {
            return Statement.refused(sql, "COPY " + (out ? "TO" : "FROM") + " a file or program is not supported by the "
                    + "source database: use COPY ... TO STDOUT / FROM STDIN (psql: \\copy)");
        }
        if (in && table == null) {
            return Statement.refused(sql, "syntax error in COPY: FROM STDIN needs a table");
        }
        CopyFormat format;
        try {
            format = copyOptions(tokens.subList(i + 2, tokens.size()));
        } catch (IllegalArgumentException e) {
            return Statement.refused(sql, e.getMessage());
        }
        if (in) {
            return new Statement(sql, "COPY", null, null, new Statement.CopyIn(table, columns, format), List.of(), null);
        }
        return new Statement(query, "COPY", null, format, null, labels(query), null);
    }

    /** COPY's options, in the current {@code WITH (FORMAT csv, HEADER)} and the old {@code CSV HEADER} syntax. */
    private static CopyFormat copyOptions(List<Token> tokens) {
        List<Token> options = new ArrayList<>(tokens);
        if (!options.isEmpty() && options.getFirst().isWord("with")) {
            options.removeFirst();
        }
        if (!options.isEmpty() && options.getFirst().isSymbol("(")) {
            options.removeFirst();
            if (!options.isEmpty() && options.getLast().isSymbol(")")) {
                options.removeLast();
            }
        }
        options.removeIf(t -> t.isSymbol(",") || t.isSymbol(";"));
        CopyFormat format = CopyFormat.TEXT;
        Character delimiter = null;
        String nullString = null;
        Character quote = null;
        Character escape = null;
        boolean header = false;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i).name();
            String value = null;
            if (i + 1 < options.size() && options.get(i + 1).isWord("as")) {
                i++; // DELIMITER AS ','
            }
            if (i + 1 < options.size() && (!option.equals("header") || isBoolean(options.get(i + 1)))) {
                value = options.get(i + 1).text();
            }
            switch (option) {
                case "format" -> {
                    String name = value == null ? "" : unquote(value).toLowerCase(Locale.ROOT);
                    if (name.equals("binary")) {
                        throw new IllegalArgumentException("COPY in binary format is not supported by the source database");
                    }
                    if (!name.equals("csv") && !name.equals("text")) {
                        throw new IllegalArgumentException("COPY format \"" + name + "\" not recognized");
                    }
                    format = name.equals("csv") ? CopyFormat.CSV : CopyFormat.TEXT;
                    i++;
                }
                case "csv" -> format = CopyFormat.CSV;
                case "text" -> format = CopyFormat.TEXT;
                case "binary" -> throw new IllegalArgumentException("COPY in binary format is not supported by the source database");
                case "header" -> {
                    header = value == null || !Set.of("false", "off", "0").contains(unquote(value).toLowerCase(Locale.ROOT));
                    if (value != null) {
                        i++;
                    }
                }
                case "delimiter" -> {
                    delimiter = single(value, "DELIMITER");
                    i++;
                }
                case "null" -> {
                    nullString = unquote(value);
                    i++;
                }
                case "quote" -> {
                    quote = single(value, "QUOTE");
                    i++;
                }
                case "escape" -> {
                    escape = single(value, "ESCAPE");
                    i++;
                }
                case "encoding" -> i++;
                default -> throw new IllegalArgumentException("COPY option \"" + option + "\" is not supported by the source database");
            }
        }
        if (header) {
            format = format.withHeader(true);
        }
        if (delimiter != null) {
            format = format.withDelimiter(delimiter);
        }
        if (nullString != null) {
            format = format.withNull(nullString);
        }
        if (quote != null) {
            format = format.withQuote(quote);
        }
        if (escape != null) {
            format = format.withEscape(escape);
        }
        return format;
    }

    private static boolean isBoolean(Token token) {
        return Set.of("true", "false", "on", "off", "1", "0", "'true'", "'false'", "'on'", "'off'")
                .contains(token.text().toLowerCase(Locale.ROOT));
    }

    private static Character single(String value, String option) {
        String text = unquote(value);
        if (text == null || text.length() != 1) {
            throw new IllegalArgumentException("COPY " + option + " must be a single one-byte character");
        }
        return text.charAt(0);
    }

    private static String unquote(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("E'") || value.startsWith("e'")) {
            String standard = standardString(value);
            return standard.substring(1, standard.length() - 1).replace("''", "'");
        }
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1).replace("''", "'");
        }
        return value;
    }

    // ---- what a command tag says ----

    /** The statement's kind as PostgreSQL's command tag names it. */
    static String verb(List<Token> tokens) {
        if (tokens.isEmpty() || tokens.getFirst().kind() != Kind.WORD) {
            return "";
        }
        String first = tokens.getFirst().text().toUpperCase(Locale.ROOT);
        return switch (first) {
            case "CREATE", "DROP", "ALTER" -> first + objectKind(tokens);
            case "START" -> "START TRANSACTION";
            case "END" -> "COMMIT";
            case "ABORT" -> "ROLLBACK";
            case "TRUNCATE" -> "TRUNCATE TABLE";
            case "LOCK" -> "LOCK TABLE";
            case "DISCARD" -> tokens.size() > 1 ? "DISCARD " + tokens.get(1).text().toUpperCase(Locale.ROOT) : first;
            case "WITH" -> {
                for (String verb : List.of("select", "insert", "update", "delete")) {
                    if (SqlTokens.topLevelWord(tokens, 1, verb) > 0) {
                        yield verb.toUpperCase(Locale.ROOT);
                    }
                }
                yield "SELECT";
            }
            default -> first;
        };
    }

    private static String objectKind(List<Token> tokens) {
        Set<String> modifiers = Set.of("or", "replace", "temp", "temporary", "unique", "local", "global", "unlogged",
                "if", "not", "exists", "cached", "memory", "force", "linked");
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == Kind.WORD && !modifiers.contains(token.name())) {
                String kind = token.text().toUpperCase(Locale.ROOT);
                if (kind.equals("MATERIALIZED") && i + 1 < tokens.size()) {
                    kind += " " + tokens.get(i + 1).text().toUpperCase(Locale.ROOT);
                }
                if (tokens.getFirst().isWord("create") && kind.equals("TABLE")
                        && SqlTokens.topLevelWord(tokens, i, "as") > 0) {
                    return "TABLE AS";
                }
                return " " + kind;
            }
        }
        return "";
    }

    // ---- column labels ----

    /**
     * PostgreSQL's names for the columns of a query's select list where PostgreSQL and H2 differ: a function or
     * aggregate call without an alias ({@code count(*)} is "count"; H2 says {@code ?column?}), {@code CASE}
     * ("case") and quoted names ({@code AS "Name"}; H2 lower-cases every column name it sends). One entry per select-list item (null: keep H2's name); empty when the list has a {@code *}, whose
     * expansion the front cannot count.
     */
    static List<String> labels(String sql) {
        List<Token> tokens = SqlTokens.significant(SqlTokens.tokenize(sql));
        int select = SqlTokens.topLevelWord(tokens, 0, "select");
        if (select < 0) {
            return List.of();
        }
        int i = select + 1;
        if (i < tokens.size() && (tokens.get(i).isWord("distinct") || tokens.get(i).isWord("all"))) {
            i++;
            if (i < tokens.size() && tokens.get(i).isWord("on") && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")) {
                i = SqlTokens.closing(tokens, i + 1) + 1;
                if (i == 0) {
                    return List.of();
                }
            }
        }
        List<String> labels = new ArrayList<>();
        List<Token> item = new ArrayList<>();
        int depth = 0;
        for (; i <= tokens.size(); i++) {
            Token token = i < tokens.size() ? tokens.get(i) : null;
            boolean end = token == null || (depth == 0 && (token.isSymbol(",") || token.isSymbol(")") || token.isSymbol(";")
                    || (token.kind() == Kind.WORD && SELECT_LIST_END.contains(token.name()))));
            if (end) {
                if (item.isEmpty() || item.getLast().isSymbol("*")) {
                    return List.of();
                }
                labels.add(label(item));
                item.clear();
                if (token == null || !token.isSymbol(",")) {
                    break;
                }
                continue;
            }
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            }
            item.add(token);
        }
        return labels;
    }

    private static String label(List<Token> item) {
        Token first = item.getFirst();
        if (item.getLast().kind() == Kind.QUOTED_NAME) {
            return item.getLast().name(); // AS "Name": H2 sends it lower-cased
        }
        if (first.isWord("case") && item.getLast().isWord("end")) {
            return "case";
        }
        // [schema.]name( ... ) [FILTER (...)] [OVER (...) | OVER name] [::type]
        int i = 0;
        while (i + 2 < item.size() && item.get(i).kind() == Kind.WORD && item.get(i + 1).isSymbol(".")) {
            i += 2;
        }
        if (item.get(i).kind() != Kind.WORD || i + 1 >= item.size() || !item.get(i + 1).isSymbol("(")) {
            return null;
        }
        String name = item.get(i).name();
        int close = SqlTokens.closing(item, i + 1);
        int j = close + 1;
        while (j > 0 && j < item.size()) {
            if ((item.get(j).isWord("filter") || item.get(j).isWord("over")) && j + 1 < item.size() && item.get(j + 1).isSymbol("(")) {
                j = SqlTokens.closing(item, j + 1) + 1;
            } else if (item.get(j).isWord("over") && j + 1 < item.size()) {
                j += 2;
            } else if (item.get(j).isSymbol("::") && j + 1 < item.size()) {
                j += 2;
            } else {
                return null;
            }
        }
        return close > 0 ? name : null;
    }
}
