package dev.lakehouse.pipelines.medallion;

import java.util.List;

/** The shop's tables in the source database, in the order they are ingested (parents before children). */
enum SourceTable {
    CUSTOMERS("customers", List.of("customer_id")),
    PRODUCTS("products", List.of("product_id")),
    ORDERS("orders", List.of("order_id")),
    ORDER_ITEMS("order_items", List.of("order_id", "line_no"));

    private final String tableName;
    private final List<String> key;

    SourceTable(String tableName, List<String> key) {
        this.tableName = tableName;
        this.key = key;
    }

    /** The name in the source, and in bronze and silver. */
    String tableName() {
        return tableName;
    }

    /** The primary key's columns. */
    List<String> key() {
        return key;
    }

    /** The key as SQL, e.g. "order_id, line_no". */
    String keyColumns() {
        return String.join(", ", key);
    }

    /** The key as one string for the quarantine, e.g. concat_ws('/', order_id, line_no). */
    String keyAsString(String alias) {
        return "concat_ws('/', " + String.join(", ", key.stream().map(column -> "CAST(" + alias + "." + column + " AS STRING)").toList()) + ")";
    }

    /** An equality join on the key, e.g. "t.order_id = s.order_id AND t.line_no = s.line_no". */
    String keyJoin(String left, String right) {
        return String.join(" AND ", key.stream().map(column -> left + "." + column + " = " + right + "." + column).toList());
    }
}
