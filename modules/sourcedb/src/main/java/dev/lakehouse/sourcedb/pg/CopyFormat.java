package dev.lakehouse.sourcedb.pg;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The two text formats of COPY, as PostgreSQL writes and reads them: {@code text} (tab-separated, backslash escapes,
 * {@code \N} for NULL) and {@code csv} (RFC 4180 quoting, NULL as an unquoted empty field, optional header line).
 * Values are handled as ISO-8859-1 strings, i.e. as the client's bytes (see {@link PgMessage}).
 *
 * @param csv CSV rather than text
 * @param header a header line (CSV only)
 * @param delimiter the column separator
 * @param nullString how NULL is written
 * @param quote the CSV quote
 * @param escape the CSV escape inside quotes
 */
record CopyFormat(boolean csv, boolean header, char delimiter, String nullString, char quote, char escape) {
    static final CopyFormat TEXT = new CopyFormat(false, false, '\t', "\\N", '"', '"');
    static final CopyFormat CSV = new CopyFormat(true, false, ',', "", '"', '"');

    CopyFormat withHeader(boolean value) {
        return new CopyFormat(csv, value, delimiter, nullString, quote, escape);
    }

    CopyFormat withDelimiter(char value) {
        return new CopyFormat(csv, header, value, nullString, quote, escape);
    }

    CopyFormat withNull(String value) {
        return new CopyFormat(csv, header, delimiter, value, quote, escape);
    }

    CopyFormat withQuote(char value) {
        return new CopyFormat(csv, header, delimiter, nullString, value, escape == quote ? value : escape);
    }

    CopyFormat withEscape(char value) {
        return new CopyFormat(csv, header, delimiter, nullString, quote, value);
    }

    // ---- writing (COPY ... TO STDOUT) ----

    /** One line (with its newline) for a row of values (null for NULL). */
    byte[] line(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            String value = values.get(i);
            if (value == null) {
                line.append(nullString);
            } else if (csv) {
                appendCsv(line, value);
            } else {
                appendText(line, value);
            }
        }
        return line.append('\n').toString().getBytes(PgMessage.BYTES);
    }

    private void appendText(StringBuilder line, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c == delimiter) {
                        line.append('\\');
                    }
                    line.append(c);
                }
            }
        }
    }

    private void appendCsv(StringBuilder line, String value) {
        boolean quoted = value.isEmpty() || value.equals(nullString) || value.equals("\\.")
                || value.indexOf(delimiter) >= 0 || value.indexOf(quote) >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
        if (!quoted) {
            line.append(value);
            return;
        }
        line.append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote || c == escape) {
                line.append(escape);
            }
            line.append(c);
        }
        line.append(quote);
    }

    // ---- reading (COPY ... FROM STDIN) ----

    /** The rows of COPY input (the header line, if any, and the end marker {@code \.} left out). */
    List<List<String>> parse(byte[] input) {
        String data = new String(input, PgMessage.BYTES);
        List<List<String>> rows = csv ? parseCsv(data) : parseText(data);
        if (header && !rows.isEmpty()) {
            rows.removeFirst();
        }
        return rows;
    }

    private List<List<String>> parseText(String data) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : data.split("\r?\n", -1)) {
            if (line.equals("\\.")) {
                break;
            }
            if (line.isEmpty()) {
                continue;
            }
            // split at delimiters that are not escaped, then compare each raw field with the NULL marker
            List<String> row = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= line.length(); i++) {
                if (i < line.length() && line.charAt(i) == '\\') {
                    i++;
                } else if (i == line.length() || line.charAt(i) == delimiter) {
                    String raw = line.substring(start, i);
                    row.add(raw.equals(nullString) ? null : unescape(raw));
                    start = i + 1;
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static String unescape(String raw) {
        StringBuilder value = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 == raw.length()) {
                value.append(c);
                continue;
            }
            char next = raw.charAt(++i);
            switch (next) {
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'v' -> value.append('\u000b');
                case 'x' -> {
                    int end = i + 1;
                    while (end < raw.length() && end < i + 3 && Character.digit(raw.charAt(end), 16) >= 0) {
                        end++;
                    }
                    value.append(end > i + 1 ? (char) Integer.parseInt(raw.substring(i + 1, end), 16) : 'x');
                    i = end - 1;
                }
                default -> {
                    if (next >= '0' && next <= '7') {
                        int end = i;
                        while (end < raw.length() && end < i + 3 && raw.charAt(end) >= '0' && raw.charAt(end) <= '7') {
                            end++;
                        }
                        value.append((char) (Integer.parseInt(raw.substring(i, end), 8) & 0xff));
                        i = end - 1;
                    } else {
                        value.append(next);
                    }
                }
            }
        }
        return value.toString();
    }

    private List<List<String>> parseCsv(String data) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean lineStart = true;
        int i = 0;
        while (i < data.length()) {
            char c = data.charAt(i);
            if (quoted) {
                if (c == escape && escape != quote && i + 1 < data.length()
                        && (data.charAt(i + 1) == quote || data.charAt(i + 1) == escape)) {
                    field.append(data.charAt(i + 1));
                    i += 2;
                } else if (c == quote && i + 1 < data.length() && data.charAt(i + 1) == quote) {
                    field.append(quote);
                    i += 2;
                } else if (c == quote) {
                    quoted = false;
                    i++;
                } else {
                    field.append(c);
                    i++;
                }
                continue;
            }
            if (lineStart && data.startsWith("\\.", i) && (i + 2 == data.length() || data.charAt(i + 2) == '\n'
                    || data.charAt(i + 2) == '\r')) {
                break;
            }
            lineStart = false;
            if (c == quote) {
                quoted = true;
                wasQuoted = true;
                i++;
            } else if (c == delimiter) {
                row.add(csvValue(field, wasQuoted));
                wasQuoted = false;
                i++;
            } else if (c == '\n' || c == '\r') {
                row.add(csvValue(field, wasQuoted));
                rows.add(row);
                row = new ArrayList<>();
                wasQuoted = false;
                lineStart = true;
                i += c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n' ? 2 : 1;
            } else {
                field.append(c);
                i++;
            }
        }
        if (!lineStart || !row.isEmpty() || !field.isEmpty() || wasQuoted) {
            row.add(csvValue(field, wasQuoted));
            rows.add(row);
        }
        return rows;
    }

    private String csvValue(StringBuilder field, boolean wasQuoted) {
        String value = field.toString();
        field.setLength(0);
        return !wasQuoted && value.equals(nullString) ? null : value;
    }

    /** Writes rows back as SQL literals for an INSERT: {@code ('a', NULL), ('b', 'c')}. */
    static String valuesClause(List<List<String>> rows) {
        StringBuilder sql = new StringBuilder();
        for (List<String> row : rows) {
            sql.append(sql.isEmpty() ? "(" : ", (");
            for (int i = 0; i < row.size(); i++) {
                String value = row.get(i);
                sql.append(i == 0 ? "" : ", ").append(value == null ? "NULL" : "'" + value.replace("'", "''") + "'");
            }
            sql.append(')');
        }
        return sql.toString();
    }

    static byte[] concat(List<byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
