package dev.lakehouse.models.project;

import dev.lakehouse.models.ModelsException;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV as Python's csv module reads it by default (what dbt reads seeds with): comma separated, double quotes
 * around a value with commas, quotes or line breaks in it, a quote doubled inside quotes. Blank lines are skipped.
 */
final class Csv {
    /** One record, and the line it starts on. */
    record Record(List<String> values, int line) {
    }

    private Csv() {
    }

    static List<Record> parse(String text, String file) {
        List<Record> records = new ArrayList<>();
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        boolean recordHasContent = false;
        int line = 1;
        int recordLine = 1;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < length && text.charAt(i + 1) == '"') {
                        value.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    value.append(c);
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    if (value.isEmpty() && !quoted) {
                        inQuotes = true;
                        quoted = true;
                        recordHasContent = true;
                    } else {
                        value.append(c);
                    }
                }
                case ',' -> {
                    values.add(value.toString());
                    value.setLength(0);
                    quoted = false;
                    recordHasContent = true;
                }
                case '\r' -> {
                    // \r\n ends a line like \n; a lone \r is kept out of values
                }
                case '\n' -> {
                    if (recordHasContent || !value.isEmpty()) {
                        values.add(value.toString());
                        records.add(new Record(values, recordLine));
                    }
                    values = new ArrayList<>();
                    value.setLength(0);
                    quoted = false;
                    recordHasContent = false;
                    line++;
                    recordLine = line;
                }
                default -> {
                    value.append(c);
                    recordHasContent = true;
                }
            }
        }
        if (inQuotes) {
            throw ModelsException.in(file, recordLine, "a quoted value starting on this line is never closed (a missing \")");
        }
        if (recordHasContent || !value.isEmpty()) {
            values.add(value.toString());
            records.add(new Record(values, recordLine));
        }
        return records;
    }
}
