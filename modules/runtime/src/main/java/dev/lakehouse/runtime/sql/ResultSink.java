package dev.lakehouse.runtime.sql;

import java.util.List;
import java.util.OptionalLong;

/** Receives a statement's answer as the engine produces it. */
public interface ResultSink {
    /** A column of the answer: its name and the engine's name for its type. */
    record Column(String name, String type) {
    }

    /** The answer has rows with these columns (not called for a statement without rows). */
    void columns(List<Column> columns);

    /** One row: JSON-ready values (String, Number, Boolean, null; dates, times and nested values as text). */
    void row(List<Object> values);

    /** The statement finished; how many rows it changed when the engine says. */
    void done(OptionalLong updateCount);
}
