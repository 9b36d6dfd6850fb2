package dev.lakehouse.app.it;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

/**
 * A pipeline as an engineer writes one: plain Spark code against a SparkSession, with no idea whether the
 * session is the embedded lakehouse's (from the IDE or a test) or a cluster's.
 */
public final class CityPopulationPipeline {
    private final String database;

    public CityPopulationPipeline(String database) {
        this.database = database;
    }

    public void run(SparkSession spark) {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + database);
        Dataset<Row> cities = spark.sql("SELECT * FROM VALUES ('Lisbon', 'PT', 545000), ('Porto', 'PT', 232000), "
                + "('Oslo', 'NO', 709000) AS cities(city, country, population)");
        cities.groupBy(col("country")).agg(sum("population").as("population"))
                .writeTo(database + ".population_by_country").using("iceberg").createOrReplace();
    }
}
