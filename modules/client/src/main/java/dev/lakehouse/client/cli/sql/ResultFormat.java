package dev.lakehouse.client.cli.sql;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How {@code lakehouse sql} prints a result: an aligned table (default; it waits for the last row to know the
 * widths), CSV, or JSON lines (both printed as the rows arrive).
 */
public enum ResultFormat {
    TABLE {
        @Override
        public Printer printer(PrintStream out) {
            return new TablePrinter(out);
        }
    },
    CSV {
        @Override
        public Printer printer(PrintStream out) {
            return new Printer() {
                @Override
                public void columns(List<String> names) {
                    out.println(String.join(",", names.stream().map(ResultFormat::csv).toList()));
                }

                @Override
                public void row(List<Object> values) {
                    out.println(String.join(",", values.stream().map(v -> v == null ? "" : csv(text(v))).toList()));
                }

                @Override
                public void end(long rows, OptionalLong updateCount) {
                }
            };
        }
    },
    JSON_LINES {
        @Override
        public Printer printer(PrintStream out) {
            return new Printer() {
                private List<String> names = List.of();

                @Override
                public void columns(List<String> columns) {
                    names = columns;
                }

                @Override
                public void row(List<Object> values) {
                    Map<String, Object> object = new LinkedHashMap<>();
                    for (int c = 0; c < names.size(); c++) {
                        object.put(names.get(c), values.get(c));
                    }
                    try {
                        out.println(JSON.std.asString(object));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void end(long rows, OptionalLong updateCount) {
                }
            };
        }
    };

    /** Receives one statement's answer as it arrives. */
    public interface Printer {
        /** The result's column names (not called for a statement without rows). */
        void columns(List<String> names);

        void row(List<Object> values);

        /** The statement finished: how many rows it answered, or changed when the engine says. */
        void end(long rows, OptionalLong updateCount);
    }

    public abstract Printer printer(PrintStream out);

    /** table, csv or json (case-insensitive). */
    public static ResultFormat parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "table" -> TABLE;
            case "csv" -> CSV;
            case "json" -> JSON_LINES;
            default -> throw new IllegalArgumentException("unknown format '" + name + "': table, csv or json");
        };
    }

    static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        // a decimal as the engine wrote it (2.50 stays 2.50); jackson-jr reads every non-integer as BigDecimal
        return value instanceof BigDecimal decimal ? decimal.toString() : value.toString();
    }

    private static String csv(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** Aligned columns, numbers to the right as in psql and Trino's CLI. */
    private static final class TablePrinter implements Printer {
        private final PrintStream out;
        private List<String> names = List.of();
        private final List<List<Object>> rows = new ArrayList<>();

        TablePrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void columns(List<String> columns) {
            names = columns;
        }

        @Override
        public void row(List<Object> values) {
            rows.add(values);
        }

        @Override
        public void end(long count, OptionalLong updateCount) {
            if (names.isEmpty()) {
                long changed = updateCount.orElse(0);
                out.println(changed > 0 ? "OK, " + changed + (changed == 1 ? " row" : " rows") : "OK");
                return;
            }
            int[] widths = new int[names.size()];
            boolean[] numeric = new boolean[names.size()];
            for (int c = 0; c < widths.length; c++) {
                widths[c] = names.get(c).length();
                numeric[c] = !rows.isEmpty();
            }
            List<List<String>> cells = new ArrayList<>();
            for (List<Object> row : rows) {
                List<String> texts = new ArrayList<>();
                for (int c = 0; c < widths.length; c++) {
                    Object value = row.get(c);
                    String text = text(value);
                    widths[c] = Math.max(widths[c], text.length());
                    numeric[c] &= value == null || value instanceof Number;
                    texts.add(text);
                }
                cells.add(texts);
            }
            out.println(line(names, widths, numeric));
            StringBuilder rule = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                rule.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
            }
            out.println(rule);
            cells.forEach(row -> out.println(line(row, widths, numeric)));
            out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        }

        private static String line(List<String> values, int[] widths, boolean[] rightAligned) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String value = values.get(c);
                String padding = " ".repeat(widths[c] - value.length());
                line.append(c == 0 ? "" : " | ").append(rightAligned[c] ? padding + value : value + padding);
            }
            return line.toString().stripTrailing();
        }
    }
}
