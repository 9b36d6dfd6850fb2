package com.example.shop;

import dev.lakehouse.junit.LakehouseTest;
import dev.lakehouse.junit.TestLakehouse;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs at the same time as the other Isolation test, with a table of the same name. */
@LakehouseTest(services = "spark")
class IsolationATest {
    @RepeatedTest(3)
    void seesOnlyItsOwnRows(SparkSession spark, TestLakehouse lakehouse) {
        spark.sql("CREATE TABLE IF NOT EXISTS events (id BIGINT, source STRING) USING iceberg");
        spark.sql("DELETE FROM events");
        spark.sql("INSERT INTO events VALUES (1, 'from A'), (2, 'from A')");

        assertThat(spark.sql("SELECT DISTINCT source FROM events").collectAsList()).singleElement()
                .satisfies(row -> assertThat(row.getString(0)).isEqualTo("from A"));
        assertThat(spark.sql("SELECT count(*) FROM events").first().getLong(0)).isEqualTo(2);
        assertThat(spark.sql("SELECT count(*) FROM lakehouse." + lakehouse.namespace() + ".events").first().getLong(0))
                .isEqualTo(2);
    }
}
