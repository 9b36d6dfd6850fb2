package dev.lakehouse.pipelines.sensors;

import dev.lakehouse.spark.pipeline.Pipeline;
import dev.lakehouse.spark.pipeline.PipelineContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

/**
 * Sensor readings from Kafka to Iceberg, in three streaming queries:
 * <ol>
 *   <li>bronze: every well-formed reading of topic {@code sensors}, appended to {@code iot.sensors_bronze}
 *       with its Kafka partition and offset, exactly once (the checkpoint holds the offsets, Iceberg's
 *       streaming commits are idempotent per micro-batch);</li>
 *   <li>quarantine: every message that is not JSON or lacks a field, set aside with the reason in
 *       {@code iot.sensors_quarantine}, so a bad message never stops the stream;</li>
 *   <li>gold: the 1-minute tumbling-window average temperature per sensor in {@code iot.sensors_gold}. Each
 *       micro-batch of new bronze rows names the windows it touches, and those windows are computed again from
 *       all of bronze and merged: gold equals what bronze holds whatever the timing (a reading hours late, a
 *       window whose readings arrived in several batches, a batch replayed after a crash). A watermark would
 *       drop late readings and keep state that a crash between a merge and the checkpoint can split.</li>
 * </ol>
 * Options: topic (sensors), database (iot), trigger (1 second).
 */
public final class SensorsStreamingPipeline implements Pipeline {
    static final StructType READING = new StructType()
            .add("sensor_id", DataTypes.StringType)
            .add("temperature", DataTypes.DoubleType)
            .add("event_time", DataTypes.TimestampType)
            .add("seq", DataTypes.LongType);

    @Override
    public String name() {
        return "sensors-streaming";
    }

    @Override
    public String description() {
        return "Kafka topic sensors -> Iceberg bronze (exactly once) + quarantine -> 1-minute gold averages";
    }

    @Override
    public boolean streaming() {
        return true;
    }

    @Override
    public Set<String> services() {
        return Set.of("kafka");
    }

    @Override
    public void run(PipelineContext context) throws Exception {
        SparkSession spark = context.spark();
        AtomicLong goldWindows = new AtomicLong();
        String database = context.option("database", "iot");
        String bronze = database + ".sensors_bronze";
        String quarantine = database + ".sensors_quarantine";
        String gold = database + ".sensors_gold";
        createTables(spark, database, bronze, quarantine, gold);
        long bronzeBefore = count(spark, bronze);
        long quarantineBefore = count(spark, quarantine);

        dev.lakehouse.spi.Endpoint kafka = context.endpoints().endpoint("kafka", "bootstrap");
        Map<String, String> kafkaSecurity = new java.util.HashMap<>();
        // the broker's client settings (SASL/PLAIN beyond loopback), as Spark's kafka.* source options
        kafka.properties().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.")) {
                kafkaSecurity.put("kafka." + key, value);
            }
        });
        Dataset<Row> messages = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", kafka.property("bootstrap-servers"))
                .options(kafkaSecurity)
                .option("subscribe", context.option("topic", "sensors"))
                .option("startingOffsets", "earliest")
                .load()
                .selectExpr("CAST(value AS STRING) AS raw", "partition AS kafka_partition", "offset AS kafka_offset")
                .withColumn("reading", from_json(col("raw"), READING))
                .withColumn("ingested_at", current_timestamp());
        Column wellFormed = col("reading.sensor_id").isNotNull().and(col("reading.temperature").isNotNull())
                .and(col("reading.event_time").isNotNull());

        Dataset<Row> readings = messages.where(wellFormed).select(col("reading.sensor_id").as("sensor_id"),
                col("reading.temperature").as("temperature"), col("reading.event_time").as("event_time"),
                col("reading.seq").as("seq"), col("kafka_partition"), col("kafka_offset"), col("ingested_at"));
        Dataset<Row> rejected = messages.where(not(wellFormed)).select(col("raw"),
                when(get_json_object(col("raw"), "$").isNull(), lit("not JSON"))
                        .otherwise(lit("missing or invalid sensor_id, temperature or event_time")).as("reason"),
                col("kafka_partition"), col("kafka_offset"), col("ingested_at"));

        Trigger trigger = context.untilIdle() ? Trigger.AvailableNow() : Trigger.ProcessingTime(context.option("trigger", "1 second"));
        String checkpoints = context.checkpoints().toString();
        StreamingQuery toBronze = readings.writeStream().queryName(name() + "-bronze").format("iceberg").outputMode("append")
                .option("checkpointLocation", checkpoints + "/bronze").trigger(trigger).toTable(bronze);
        StreamingQuery toQuarantine = rejected.writeStream().queryName(name() + "-quarantine").format("iceberg").outputMode("append")
                .option("checkpointLocation", checkpoints + "/quarantine").trigger(trigger).toTable(quarantine);
        if (context.untilIdle()) {
            // gold reads bronze: let bronze take in all there is first
            toBronze.awaitTermination();
            toQuarantine.awaitTermination();
        }
        // Until idle, gold is not Trigger.AvailableNow: Iceberg's source plans that trigger from the stream's first
        // snapshot (its initial offset), not from the checkpoint, so once snapshot retention drops that snapshot every
        // run fails ("the snapshot was expired or removed"), and each run walks the table's whole history before.
        StreamingQuery toGold = goldWriter(spark, bronze, gold, goldWindows)
                .option("checkpointLocation", checkpoints + "/gold")
                .trigger(context.untilIdle() ? Trigger.ProcessingTime(0) : trigger).start();
        if (context.untilIdle()) {
            toGold.processAllAvailable();
            toGold.stop();
        }
        List<StreamingQuery> queries = List.of(toBronze, toQuarantine, toGold);
        try {
            for (StreamingQuery query : queries) {
                query.awaitTermination();
            }
        } finally {
            for (StreamingQuery query : queries) {
                if (query.isActive()) {
                    query.stop();
                }
            }
        }
        context.report(String.format(java.util.Locale.ROOT, "bronze      %,10d readings", count(spark, bronze) - bronzeBefore));
        context.report(String.format(java.util.Locale.ROOT, "quarantine  %,10d messages", count(spark, quarantine) - quarantineBefore));
        context.report(String.format(java.util.Locale.ROOT, "gold        %,10d windows computed again", goldWindows.get()));
    }

    /** A table's rows (from Iceberg's metadata: cheap). */
    private static long count(SparkSession spark, String table) {
        return spark.sql("SELECT count(*) FROM " + table).first().getLong(0);
    }

    /**
     * A batch's new readings name the (sensor, minute) windows they fall in; each such window is computed again
     * from every reading bronze holds for it and merged into gold. The time range of the batch bounds the read of
     * bronze (partitioned by day, with per-file time ranges), so a batch costs the windows it touches.
     */
    private static DataStreamWriter<Row> goldWriter(SparkSession spark, String bronze, String gold, AtomicLong windows) {
        VoidFunction2<Dataset<Row>, Long> merge = (readings, batchId) -> {
            List<Row> touched = readings.select(col("sensor_id"), window(col("event_time"), "1 minute").getField("start").as("window_start"))
                    .distinct().collectAsList();
            if (touched.isEmpty()) {
                return;
            }
            SparkSession session = readings.sparkSession();
            // a local relation, not a view of the batch: Iceberg's MERGE cannot plan a view of a table reference
            session.createDataFrame(touched, new StructType().add("sensor_id", DataTypes.StringType).add("window_start", DataTypes.TimestampType))
                    .createOrReplaceTempView("sensors_gold_touched");
            // as literals (epoch seconds), so that Iceberg skips the files and days outside the batch's time range
            Row range = session.sql("SELECT unix_seconds(min(window_start)), unix_seconds(max(window_start)) + 60 FROM sensors_gold_touched").first();
            session.sql("MERGE INTO " + gold + " t USING ("
                    + "SELECT b.sensor_id, w.window_start, w.window_start + INTERVAL 1 MINUTE AS window_end, "
                    + "avg(b.temperature) AS avg_temperature, count(*) AS readings "
                    + "FROM " + bronze + " b JOIN sensors_gold_touched w ON b.sensor_id = w.sensor_id "
                    + "AND b.event_time >= w.window_start AND b.event_time < w.window_start + INTERVAL 1 MINUTE "
                    + "WHERE b.event_time >= timestamp_seconds(" + range.getLong(0) + ") AND b.event_time < timestamp_seconds(" + range.getLong(1) + ") "
                    + "GROUP BY b.sensor_id, w.window_start) s "
                    + "ON t.sensor_id = s.sensor_id AND t.window_start = s.window_start "
                    + "WHEN MATCHED THEN UPDATE SET t.avg_temperature = s.avg_temperature, t.readings = s.readings, t.updated_at = current_timestamp() "
                    + "WHEN NOT MATCHED THEN INSERT (sensor_id, window_start, window_end, avg_temperature, readings, updated_at) "
                    + "VALUES (s.sensor_id, s.window_start, s.window_end, s.avg_temperature, s.readings, current_timestamp())");
            windows.addAndGet(touched.size());
        };
        return spark.readStream().table(bronze).writeStream().queryName("sensors-streaming-gold").foreachBatch(merge);
    }

    private static void createTables(SparkSession spark, String database, String bronze, String quarantine, String gold) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + database);
        spark.sql("CREATE TABLE IF NOT EXISTS " + bronze + " (sensor_id STRING, temperature DOUBLE, event_time TIMESTAMP, seq BIGINT, "
                + "kafka_partition INT, kafka_offset BIGINT, ingested_at TIMESTAMP) USING iceberg PARTITIONED BY (days(event_time))");
        spark.sql("CREATE TABLE IF NOT EXISTS " + quarantine + " (raw STRING, reason STRING, kafka_partition INT, kafka_offset BIGINT, "
                + "ingested_at TIMESTAMP) USING iceberg");
        spark.sql("CREATE TABLE IF NOT EXISTS " + gold + " (sensor_id STRING, window_start TIMESTAMP, window_end TIMESTAMP, "
                + "avg_temperature DOUBLE, readings BIGINT, updated_at TIMESTAMP) USING iceberg");
    }
}
