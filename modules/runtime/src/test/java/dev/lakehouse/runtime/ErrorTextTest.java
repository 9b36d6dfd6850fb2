package dev.lakehouse.runtime;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorTextTest {
    @Test
    void sparksAwaitResultWrapperGivesWayToItsCause() {
        // what a Spark DELETE on an Iceberg table throws when a row fails (BadInputIT: sql-spark, a DELETE that fails on one row)
        Exception failure = new SparkException("Exception thrown in awaitResult: ",
                new ArithmeticException("[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0. SQLSTATE: 22012"));
        assertThat(ErrorText.firstLine(failure)).startsWith("[DIVIDE_BY_ZERO] Division by zero.");
    }

    @Test
    void aMessageOfItsOwnIsKept() {
        Exception failure = new IllegalStateException("the table is gone", new RuntimeException("a detail"));
        assertThat(ErrorText.firstLine(failure)).isEqualTo("the table is gone");
    }
}
