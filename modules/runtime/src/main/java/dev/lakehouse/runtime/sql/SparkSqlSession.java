package dev.lakehouse.runtime.sql;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.to_json;

/**
 * A session of the lakehouse's own Spark (a new SparkSession of its application, so SET, USE and temporary
 * views are its own), as Spark Connect would give a client. Rows stream back partition by partition.
 */
final class SparkSqlSession implements SqlSession {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");

    private final SparkSession session;
    private final String jobGroup = "lakehouse-sql-" + UUID.randomUUID();

    private SparkSqlSession(SparkSession session) {
        this.session = session;
    }

    /** @param catalog the session's default catalog: lakehouse (main) or lakehouse_BRANCH */
    static SparkSqlSession open(SparkSession application, String catalog) {
        SparkSession session = application.newSession();
        if (catalog != null && !catalog.isBlank()) {
            // USE names the catalog, which registers a branch's (BranchCatalogExtensions) before switching to it
            session.sql("USE `" + catalog.replace("`", "``") + "`");
        }
        return new SparkSqlSession(session);
    }

    @Override
    public String engine() {
        return "spark";
    }

    @Override
    public void execute(String sql, ResultSink sink) {
        var context = session.sparkContext();
        context.setJobGroup(jobGroup, sql.length() > 200 ? sql.substring(0, 200) : sql, true);
        try {
            Dataset<Row> result = session.sql(sql);
            StructType schema = result.schema();
            if (schema.isEmpty()) {
                // DDL and DML: Spark ran it while planning, and does not count the rows it changed
                sink.done(OptionalLong.empty());
                return;
            }
            List<ResultSink.Column> columns = new ArrayList<>();
            for (StructField field : schema.fields()) {
                columns.add(new ResultSink.Column(field.name(), field.dataType().simpleString()));
            }
            sink.columns(columns);
            for (Iterator<Row> rows = printable(result).toLocalIterator(); rows.hasNext(); ) {
                Row row = rows.next();
                List<Object> values = new ArrayList<>(row.size());
                for (int i = 0; i < row.size(); i++) {
                    values.add(value(row.get(i)));
                }
                sink.row(values);
            }
            sink.done(OptionalLong.empty());
        } finally {
            context.clearJobGroup();
        }
    }

    /** Nested values as JSON text, binary as hex: what a terminal and a JSON line can carry. */
    private static Dataset<Row> printable(Dataset<Row> result) {
        StructField[] fields = result.schema().fields();
        boolean plain = true;
        Column[] columns = new Column[fields.length];
        for (int i = 0; i < fields.length; i++) {
            DataType type = fields[i].dataType();
            Column column = col("`" + fields[i].name().replace("`", "``") + "`");
            if (type instanceof ArrayType || type instanceof MapType || type instanceof StructType) {
                columns[i] = to_json(column).as(fields[i].name());
                plain = false;
            } else if (type instanceof BinaryType) {
                columns[i] = hex(column).as(fields[i].name());
                plain = false;
            } else {
                columns[i] = column;
            }
        }
        return plain ? result : result.select(columns);
    }

    private static Object value(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().format(TIMESTAMP);
        }
        if (value instanceof java.time.LocalDateTime timestamp) {
            return timestamp.format(TIMESTAMP);
        }
        return value.toString();
    }

    @Override
    public void cancel() {
        session.sparkContext().cancelJobGroup(jobGroup);
    }

    @Override
    public void close() {
        // a session holds nothing a garbage collection does not free
    }
}
