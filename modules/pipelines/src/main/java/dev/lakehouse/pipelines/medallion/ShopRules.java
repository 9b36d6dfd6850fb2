package dev.lakehouse.pipelines.medallion;

import java.util.List;
import java.util.stream.Collectors;

/** The business's rules that silver cleans by, gold counts by and the audit checks. */
final class ShopRules {
    /** The countries the shop sells to; any other value becomes UNKNOWN. */
    static final List<String> COUNTRIES = List.of("US", "DE", "FR", "GB", "NL", "SE", "ES", "IT", "PL", "PT", "BR", "CA", "JP", "IN", "AU");
    static final String UNKNOWN_COUNTRY = "UNKNOWN";
    /** An order's statuses; any other value becomes unknown. */
    static final List<String> STATUSES = List.of("created", "paid", "shipped", "delivered", "cancelled");
    static final String UNKNOWN_STATUS = "unknown";
    /** The statuses whose orders count as revenue: paid for, and not cancelled. */
    static final List<String> REVENUE_STATUSES = List.of("paid", "shipped", "delivered");
    /** What the audit accepts: beyond these a value is more likely an error than an order. */
    static final int MAX_QUANTITY = 1000;
    static final int MAX_UNIT_PRICE = 10_000;

    private ShopRules() {
    }

    /** A SQL list of string literals, e.g. ('US', 'DE'). */
    static String sqlList(List<String> values) {
        return values.stream().map(value -> "'" + value + "'").collect(Collectors.joining(", ", "(", ")"));
    }
}
