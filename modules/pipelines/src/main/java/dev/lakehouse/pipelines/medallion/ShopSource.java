package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.spi.Endpoint;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;

/**
 * The source database as the pipeline reads it: a table's rows changed within a window of updated_at
 * (the incremental read), and plain JDBC for the window's bounds and the counts the audit compares with.
 */
final class ShopSource {
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final String url;
    private final String user;
    private final String password;

    ShopSource(Endpoint jdbc) {
        this.url = jdbc.uri().toString();
        this.user = jdbc.property("user");
        this.password = jdbc.property("password");
    }

    /**
     * The rows with {@code after < updated_at <= upTo} (all up to {@code upTo} when {@code after} is empty),
     * read by Spark over JDBC. Timestamps come as TIMESTAMP_NTZ: the source's have no time zone.
     */
    Dataset<Row> changedRows(SparkSession spark, SourceTable table, Optional<LocalDateTime> after, LocalDateTime upTo) {
        String window = "updated_at <= TIMESTAMP '" + SQL_TIMESTAMP.format(upTo) + "'"
                + after.map(from -> " AND updated_at > TIMESTAMP '" + SQL_TIMESTAMP.format(from) + "'").orElse("");
        return spark.read().format("jdbc")
                .option("url", url)
                .option("user", user)
                .option("password", password)
                .option("driver", "org.h2.Driver")
                .option("query", "SELECT * FROM " + table.tableName() + " WHERE " + window)
                .option("fetchsize", 10_000)
                .option("preferTimestampNTZ", true)
                .load();
    }

    /**
     * A table's latest updated_at and its row count, taken in one statement so that the two agree.
     *
     * @param latestUpdate empty when the table has no rows
     */
    record TableState(Optional<LocalDateTime> latestUpdate, long rows) {
    }

    TableState state(SourceTable table) throws SQLException {
        try (Connection connection = connect();
             ResultSet result = connection.createStatement().executeQuery("SELECT max(updated_at), count(*) FROM " + table.tableName())) {
            result.next();
            return new TableState(Optional.ofNullable(result.getTimestamp(1)).map(Timestamp::toLocalDateTime), result.getLong(2));
        }
    }

    /** How many rows of a table have updated_at within the window. */
    long count(SourceTable table, Optional<LocalDateTime> after, LocalDateTime upTo) throws SQLException {
        String sql = "SELECT count(*) FROM " + table.tableName() + " WHERE updated_at <= ?" + (after.isPresent() ? " AND updated_at > ?" : "");
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.valueOf(upTo));
            if (after.isPresent()) {
                statement.setTimestamp(2, Timestamp.valueOf(after.get()));
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /**
     * Straight from the driver: DriverManager only hands out drivers its caller's class loader sees, and
     * inside the lakehouse's process this code runs in Spark's isolated loader.
     */
    private Connection connect() throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        Connection connection = new org.h2.Driver().connect(url, credentials);
        if (connection == null) {
            throw new SQLException("not an H2 URL: " + url);
        }
        return connection;
    }
}
