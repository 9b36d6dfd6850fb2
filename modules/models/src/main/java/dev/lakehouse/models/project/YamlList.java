package dev.lakehouse.models.project;

import java.util.ArrayList;
import java.util.List;

/** A YAML sequence as read from a file, remembering each item's line. */
public final class YamlList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final List<Integer> itemLines = new ArrayList<>();

    YamlList(String file, int line) {
        this.file = file;
        this.line = line;
    }

    void itemLine(int itemLine) {
        itemLines.add(itemLine);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** 1-based line of item {@code index}. */
    public int line(int index) {
        return index < itemLines.size() ? itemLines.get(index) : line;
    }
}
