package dev.lakehouse.models.project;

import dev.lakehouse.models.ModelsException;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A seed's CSV file with each column's type inferred as dbt infers it (agate's type tester with dbt's settings):
 * the first of number, date, datetime, boolean, text that accepts every value of the column wins; empty and
 * {@code null} are nulls; {@code column_types} overrides a column's SQL type and reads it as text.
 * Values come out normalized for a SQL cast (numbers without grouping or currency, ISO dates).
 */
public final class SeedFile {
    /** What a column's values are. */
    public enum Kind {
        /** A number column with no decimal places in any value (dbt: integer). Also a column of nulls only. */
        INTEGER,
        /** A number column with decimal places (dbt: float8; Trino DOUBLE). */
        DECIMAL,
        DATE,
        DATETIME,
        BOOLEAN,
        TEXT,
        /** column_types gave the SQL type: the text is cast to it. */
        DECLARED
    }

    /** A column: its name, kind, and the SQL type column_types gave it (else null). */
    public record Column(String name, Kind kind, String declaredType) {
    }

    private static final Pattern CURRENCY = Pattern.compile("[$€£¥₹₩₽¢]");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-M-d H:m:s");
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final List<Column> columns;
    private final List<List<String>> rows;

    private SeedFile(List<Column> columns, List<List<String>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    public List<Column> columns() {
        return columns;
    }

    /** Each row's values, normalized for a cast to the column's type; null for SQL NULL. */
    public List<List<String>> rows() {
        return rows;
    }

    /**
     * Reads and types a CSV seed.
     *
     * @param file        the file relative to the project, for messages
     * @param columnTypes column_types: column name to SQL type
     * @throws ModelsException for a row with more or fewer values than the header, naming its line
     */
    public static SeedFile read(String text, String file, Map<String, String> columnTypes) {
        List<Csv.Record> records = Csv.parse(text, file);
        if (records.isEmpty()) {
            throw ModelsException.in(file, 1, "the seed is empty: its first line must name the columns");
        }
        List<String> header = new ArrayList<>();
        Csv.Record first = records.getFirst();
        for (int c = 0; c < first.values().size(); c++) {
            String name = first.values().get(c).strip();
            if (c == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (name.isEmpty()) {
                throw ModelsException.in(file, first.line(), "column " + (c + 1) + " of the header has no name");
            }
            if (header.stream().anyMatch(name::equalsIgnoreCase)) {
                throw ModelsException.in(file, first.line(), "the header names column '" + name + "' twice");
            }
            header.add(name);
        }
        List<List<String>> raw = new ArrayList<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            if (record.values().size() != header.size()) {
                throw ModelsException.in(file, record.line(), "this row has " + record.values().size() + " value"
                        + (record.values().size() == 1 ? "" : "s") + " but the header has " + header.size()
                        + " columns (a missing or extra comma? a value with a comma needs \"quotes\")");
            }
            List<String> values = new ArrayList<>();
            for (String value : record.values()) {
                values.add(isNull(value) ? null : value);
            }
            raw.add(values);
        }
        Map<String, String> declared = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        declared.putAll(columnTypes);
        List<Column> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        raw.forEach(values -> rows.add(new ArrayList<>(values)));
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (declared.containsKey(name)) {
                columns.add(new Column(name, Kind.DECLARED, declared.get(name)));
                continue;
            }
            Kind kind = infer(raw, c);
            columns.add(new Column(name, kind, null));
            for (List<String> row : rows) {
                row.set(c, normalize(row.get(c), kind));
            }
        }
        return new SeedFile(List.copyOf(columns), rows);
    }

    private static boolean isNull(String value) {
        return value.isEmpty() || value.equalsIgnoreCase("null");
    }

    private static Kind infer(List<List<String>> rows, int column) {
        boolean number = true;
        boolean decimals = false;
        boolean date = true;
        boolean dateTime = true;
        boolean bool = true;
        for (List<String> row : rows) {
            String value = row.get(column);
            if (value == null) {
                continue;
            }
            String cleaned = cleanNumber(value);
            if (number && cleaned == null) {
                number = false;
            } else if (number && cleaned.contains(".") && !cleaned.matches(".*[eE].*")) {
                decimals = true;
            }
            date = date && parseDate(value) != null;
            dateTime = dateTime && parseDateTime(value) != null;
            String lower = value.strip().toLowerCase(Locale.ROOT);
            bool = bool && (lower.equals("true") || lower.equals("false"));
        }
        if (number) {
            return decimals ? Kind.DECIMAL : Kind.INTEGER;
        }
        if (date) {
            return Kind.DATE;
        }
        if (dateTime) {
            return Kind.DATETIME;
        }
        if (bool) {
            return Kind.BOOLEAN;
        }
        return Kind.TEXT;
    }

    /** A number as agate reads it (grouping commas, currency symbols and % dropped), or null when it is not one. */
    static String cleanNumber(String value) {
        String cleaned = CURRENCY.matcher(value.strip()).replaceAll("").replace(",", "");
        if (cleaned.endsWith("%")) {
            cleaned = cleaned.substring(0, cleaned.length() - 1);
        }
        cleaned = cleaned.strip();
        return NUMBER.matcher(cleaned).matches() ? cleaned : null;
    }

    static LocalDate parseDate(String value) {
        String text = value.strip();
        if (!DATE.matcher(text).matches()) {
            return null;
        }
        String[] parts = text.split("-");
        try {
            return LocalDate.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** "%Y-%m-%d %H:%M:%S", or ISO 8601 with a T (an offset is converted to UTC). */
    static LocalDateTime parseDateTime(String value) {
        String text = value.strip();
        try {
            return LocalDateTime.parse(text, DATE_TIME);
        } catch (DateTimeParseException e) {
            // not dbt's plain format; ISO next
        }
        if (!text.contains("T")) {
            return null;
        }
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    private static String normalize(String value, Kind kind) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case INTEGER -> new BigDecimal(cleanNumber(value)).toBigInteger().toString();
            case DECIMAL -> new BigDecimal(cleanNumber(value)).toPlainString();
            case DATE -> parseDate(value).toString();
            case DATETIME -> parseDateTime(value).format(SQL_TIMESTAMP);
            case BOOLEAN -> value.strip().toLowerCase(Locale.ROOT);
            case TEXT, DECLARED -> value;
        };
    }

    /** Whether an integer column's values all fit in 32 bits (else it needs a BIGINT). */
    public boolean fitsInteger(int column) {
        for (List<String> row : rows) {
            String value = row.get(column);
            if (value != null) {
                BigDecimal number = new BigDecimal(value);
                if (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 || number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
