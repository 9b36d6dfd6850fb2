package dev.lakehouse.models.jinja;

import com.hubspot.jinjava.interpret.Context;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A query's result as dbt's run_query() gives it (an agate table): {@code results.rows}, {@code results.columns},
 * {@code results.columns[0].values()}, {@code results.column_names}, a row by index or by column name.
 */
final class AgateTable extends AbstractMap<String, Object> {
    private static final Context NO_SCOPE = new Context();

    private final Map<String, Object> view = new LinkedHashMap<>();

    AgateTable(JinjaHost.QueryResult result) {
        List<Object> rows = new ArrayList<>();
        for (List<Object> values : result.rows()) {
            rows.add(new Row(result.columns(), values));
        }
        List<Object> columns = new ArrayList<>();
        for (int c = 0; c < result.columns().size(); c++) {
            int index = c;
            List<Object> values = new ArrayList<>();
            result.rows().forEach(row -> values.add(row.get(index)));
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", result.columns().get(c));
            column.put("values", JavaMacro.of("values", NO_SCOPE, List.of(), call -> values));
            columns.add(column);
        }
        view.put("rows", rows);
        view.put("columns", columns);
        view.put("column_names", new ArrayList<>(result.columns()));
        view.put("print_table", JavaMacro.of("print_table", NO_SCOPE, List.of("max_rows=", "max_columns="), call -> ""));
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return view.entrySet();
    }

    /** One row: by position ({@code row[0]}) or by column name ({@code row['id']}). */
    static final class Row extends AbstractMap<Object, Object> {
        private final List<String> names;
        private final List<Object> values;

        Row(List<String> names, List<Object> values) {
            this.names = names;
            this.values = values;
        }

        @Override
        public Object get(Object key) {
            if (key instanceof Number number) {
                int index = number.intValue();
                return index >= 0 && index < values.size() ? values.get(index) : null;
            }
            int index = names.indexOf(String.valueOf(key));
            if (index < 0 && String.valueOf(key).matches("\\d+")) {
                // Jinjava hands a map's key over as text: row[0] arrives as "0"
                index = Integer.parseInt(String.valueOf(key));
            }
            return index < 0 || index >= values.size() ? null : values.get(index);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null || names.contains(String.valueOf(key));
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), values.get(i));
            }
            return map.entrySet();
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }
}
