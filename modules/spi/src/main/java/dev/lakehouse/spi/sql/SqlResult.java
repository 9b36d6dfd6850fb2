package dev.lakehouse.spi.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a statement answered: named columns and rows of plain JDK values (String, Long, Double,
 * BigDecimal, Boolean, java.time types, null), or, for a statement without rows, how many rows it changed
 * when the engine says.
 */
public record SqlResult(List<String> columns, List<List<Object>> rows, OptionalLong updateCount) {
    public SqlResult {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        rows.forEach(row -> copy.add(Collections.unmodifiableList(new ArrayList<>(row))));
        rows = Collections.unmodifiableList(copy);
        Objects.requireNonNull(updateCount, "updateCount");
    }

    public static SqlResult updated(long count) {
        return new SqlResult(List.of(), List.of(), OptionalLong.of(count));
    }

    public static SqlResult done() {
        return new SqlResult(List.of(), List.of(), OptionalLong.empty());
    }
}
