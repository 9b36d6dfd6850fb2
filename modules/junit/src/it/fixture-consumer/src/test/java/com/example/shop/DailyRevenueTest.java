package com.example.shop;

import dev.lakehouse.junit.LakehouseTest;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@LakehouseTest(services = "spark")
class DailyRevenueTest {
    @Test
    void sumsTheDaysOrdersLeavingCancelledOnesOut(SparkSession spark) {
        spark.sql("CREATE TABLE orders (id BIGINT, ordered_at TIMESTAMP, amount DECIMAL(10,2), status STRING) USING iceberg");
        spark.sql("INSERT INTO orders VALUES (1, TIMESTAMP'2026-11-01 09:00:00', 10.00, 'paid'), "
                + "(2, TIMESTAMP'2026-11-01 17:30:00', 5.50, 'paid'), (3, TIMESTAMP'2026-11-01 18:00:00', 99.00, 'cancelled'), "
                + "(4, TIMESTAMP'2026-11-02 08:15:00', 7.25, 'shipped')");

        DailyRevenue.run(spark, "orders", "daily_revenue");

        assertThat(spark.sql("SELECT day, revenue, orders FROM daily_revenue ORDER BY day").collectAsList())
                .extracting(Row::toString)
                .containsExactly("[2026-11-01,15.50,2]", "[2026-11-02,7.25,1]");
    }
}
