package dev.lakehouse.sourcedb.pg;

import java.util.Map;
import java.util.regex.Pattern;

/** What the front changes in H2's answers: command tags and error messages. */
final class Replies {
    /** H2's SQL states for common errors, as PostgreSQL (and drivers that map states to exceptions) know them. */
    private static final Map<String, String> SQL_STATES = Map.ofEntries(
            Map.entry("42S02", "42P01"), Map.entry("42102", "42P01"),
            Map.entry("42S22", "42703"), Map.entry("42122", "42703"),
            Map.entry("42000", "42601"), Map.entry("42001", "42601"),
            Map.entry("90022", "42883"),
            Map.entry("42S01", "42P07"), Map.entry("42101", "42P07"),
            Map.entry("22018", "22P02"),
            Map.entry("90079", "3F000"));
    private static final Pattern H2_ERROR_CODE = Pattern.compile("\\s*\\[\\d+-\\d+]\\s*$");

    private Replies() {
    }

    /**
     * The command tag PostgreSQL would send. H2 tags every statement that is neither a query, an INSERT, an UPDATE,
     * a DELETE nor a BEGIN as {@code UPDATE n} (ROLLBACK answers "UPDATE 0") and a query as {@code SELECT} without
     * the row count; a RETURNING statement runs as a query here.
     *
     * @param h2Tag the tag H2 sent
     * @param statement the statement it answers
     * @param rows the rows H2 sent for it
     */
    static String commandTag(String h2Tag, Statement statement, long rows) {
        String verb = statement.verb();
        if (statement.returning() != null) {
            return statement.returning().equals("INSERT") ? "INSERT 0 " + rows : statement.returning() + " " + rows;
        }
        if (h2Tag.equals("SELECT")) {
            return switch (verb) {
                case "SHOW", "CALL", "EXPLAIN" -> verb;
                default -> "SELECT " + rows;
            };
        }
        if (h2Tag.startsWith("UPDATE ") && !verb.equals("UPDATE") && !verb.isEmpty()) {
            String count = h2Tag.substring("UPDATE ".length());
            return switch (verb) {
                case "MERGE" -> "MERGE " + count;
                case "CREATE TABLE AS" -> "SELECT " + count;
                case "BEGIN" -> "BEGIN";
                default -> verb;
            };
        }
        if (h2Tag.equals("BEGIN") && verb.equals("START TRANSACTION")) {
            return verb;
        }
        return h2Tag;
    }

    /**
     * An H2 error as PostgreSQL words it: the message without the statement H2 appends (psql prints the statement
     * itself, so it came twice) and without H2's error number, no Java exception as the detail, and a PostgreSQL
     * SQL state where H2 has its own.
     */
    static PgMessage error(PgMessage h2Error) {
        Map<Character, String> fields = h2Error.fields();
        String message = fields.get('M');
        if (message != null) {
            int statement = message.indexOf("; SQL statement:");
            if (statement >= 0) {
                message = message.substring(0, statement);
            }
            fields.put('M', H2_ERROR_CODE.matcher(message).replaceFirst(""));
        }
        String detail = fields.get('D');
        if (detail != null && detail.startsWith("org.h2.")) {
            fields.remove('D');
        }
        String state = fields.get('C');
        if (state != null && SQL_STATES.containsKey(state)) {
            fields.put('C', SQL_STATES.get(state));
        }
        return PgMessage.withFields('E', fields);
    }
}
