package dev.lakehouse.sparkconnect;

import dev.lakehouse.spi.sql.SqlResult;
import dev.lakehouse.spi.sql.SqlSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SQL through a Spark Connect session; rows come back as JDK values. */
final class SparkConnectSqlSession implements SqlSession {
    private final SparkSession spark;

    SparkConnectSqlSession(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public SqlResult execute(String statement) {
        Dataset<Row> result = spark.sql(statement);
        List<String> columns = Arrays.asList(result.columns());
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : result.collectAsList()) {
            List<Object> values = new ArrayList<>(row.length());
            for (int i = 0; i < row.length(); i++) {
                values.add(jdkValue(row.get(i)));
            }
            rows.add(values);
        }
        return columns.isEmpty() ? SqlResult.done() : new SqlResult(columns, rows, java.util.OptionalLong.empty());
    }

    /** Plain JDK values stay; Spark's and Scala's types (arrays, maps, structs) become their text. */
    private static Object jdkValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Temporal || value instanceof BigDecimal || value instanceof java.util.Date) {
            return value;
        }
        return value.toString();
    }

    @Override
    public String engine() {
        return "spark";
    }

    @Override
    public void close() throws java.io.IOException {
        spark.close();
    }
}
