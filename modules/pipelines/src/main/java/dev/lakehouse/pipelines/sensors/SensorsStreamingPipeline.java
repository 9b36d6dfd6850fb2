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
import java.util.Set;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
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
 *   <li>gold: the 1-minute tumbling-window average temperature per sensor, read as a stream from bronze
 *       with a watermark, merged into {@code iot.sensors_gold} (a re-run batch merges the same values).</li>
 * </ol>
 * Options: topic (sensors), database (iot), trigger (1 second), watermark (2 minutes).
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
    public Set<String> services() {
        return Set.of("kafka");
    }

    @Override
    public void run(PipelineContext context) throws Exception {
        SparkSession spark = context.spark();
        String database = context.option("database", "iot");
        String bronze = database + ".sensors_bronze";
        String quarantine = database + ".sensors_quarantine";
        String gold = database + ".sensors_gold";
        createTables(spark, database, bronze, quarantine, gold);

        Dataset<Row> messages = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", context.endpoints().endpoint("kafka", "bootstrap").property("bootstrap-servers"))
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
        StreamingQuery toGold = goldWriter(spark, bronze, gold, context.option("watermark", "2 minutes"))
                .option("checkpointLocation", checkpoints + "/gold").trigger(trigger).start();
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
    }

    private static DataStreamWriter<Row> goldWriter(SparkSession spark, String bronze, String gold, String watermark) {
        Dataset<Row> windows = spark.readStream().table(bronze)
                .withWatermark("event_time", watermark)
                .groupBy(window(col("event_time"), "1 minute"), col("sensor_id"))
                .agg(avg("temperature").as("avg_temperature"), count(lit(1)).as("readings"));
        VoidFunction2<Dataset<Row>, Long> merge = (updates, batchId) -> {
            updates.select(col("sensor_id"), col("window.start").as("window_start"), col("window.end").as("window_end"),
                    col("avg_temperature"), col("readings")).createOrReplaceTempView("sensors_gold_updates");
            updates.sparkSession().sql("MERGE INTO " + gold + " t USING sensors_gold_updates s "
                    + "ON t.sensor_id = s.sensor_id AND t.window_start = s.window_start "
                    + "WHEN MATCHED THEN UPDATE SET t.avg_temperature = s.avg_temperature, t.readings = s.readings, t.updated_at = current_timestamp() "
                    + "WHEN NOT MATCHED THEN INSERT (sensor_id, window_start, window_end, avg_temperature, readings, updated_at) "
                    + "VALUES (s.sensor_id, s.window_start, s.window_end, s.avg_temperature, s.readings, current_timestamp())");
        };
        return windows.writeStream().queryName("sensors-streaming-gold").outputMode("update").foreachBatch(merge);
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
