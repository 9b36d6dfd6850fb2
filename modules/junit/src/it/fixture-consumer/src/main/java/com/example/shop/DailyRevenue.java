package com.example.shop;

import org.apache.spark.sql.SparkSession;

/** Revenue per day from the orders table: the kind of job a team runs on its lakehouse. */
public final class DailyRevenue {
    private DailyRevenue() {
    }

    public static void run(SparkSession spark, String orders, String target) {
        spark.sql("CREATE OR REPLACE TABLE " + target + " USING iceberg AS "
                + "SELECT CAST(ordered_at AS DATE) AS day, sum(amount) AS revenue, count(*) AS orders "
                + "FROM " + orders + " WHERE status <> 'cancelled' GROUP BY CAST(ordered_at AS DATE)");
    }
}
