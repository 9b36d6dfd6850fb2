package dev.lakehouse.app.it;

import dev.lakehouse.runtime.Lakehouse;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Spark on Nessie branches, and a pipeline class run through the Java API. */
@InProcessStack
class SparkBranchesAndPipelinesIT {
    @Test
    void writesOnABranchReachMainOnlyThroughTheMerge(Lakehouse lakehouse) throws Exception {
        SparkSession main = lakehouse.spark();
        String db = "branching_" + UUID.randomUUID().toString().substring(0, 8);
        main.sql("CREATE NAMESPACE " + db);
        main.sql("CREATE TABLE " + db + ".orders (id BIGINT, amount DOUBLE) USING iceberg");
        main.sql("INSERT INTO " + db + ".orders VALUES (1, 10.0)");

        String branch = "dev_" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(cli(lakehouse, "branch", "create", branch).exitCode()).isZero();

        SparkSession dev = lakehouse.spark(branch);
        dev.sql("INSERT INTO " + db + ".orders VALUES (2, 20.0), (3, 30.0)");
        assertThat(count(dev, db + ".orders")).isEqualTo(3);
        assertThat(count(main, db + ".orders")).as("main before the merge").isEqualTo(1);
        assertThat(count(main, "lakehouse_" + branch + "." + db + ".orders")).as("the branch's catalog from main's session")
                .isEqualTo(3);

        LakehouseProcess.Result merge = cli(lakehouse, "branch", "merge", branch);
        assertThat(merge.exitCode()).as(merge.stderr()).isZero();
        main.sql("REFRESH TABLE " + db + ".orders");
        assertThat(count(main, db + ".orders")).as("main after the merge").isEqualTo(3);
    }

    @Test
    void aPipelineRunThroughTheJavaApiWritesATableAFreshSessionReads(Lakehouse lakehouse) {
        String db = "pipeline_" + UUID.randomUUID().toString().substring(0, 8);
        new CityPopulationPipeline(db).run(lakehouse.spark());

        SparkSession fresh = lakehouse.spark().newSession();
        assertThat(fresh.sql("SELECT country, population FROM " + db + ".population_by_country ORDER BY country").collectAsList())
                .extracting(Row::toString).containsExactly("[NO,709000]", "[PT,777000]");
    }

    /**
     * Spark makes a catalog per session; Iceberg's REST client behind it holds a thread (named
     * rest-metrics-reporter), connections and S3 clients. Sessions must share one client per branch, and a deleted
     * branch's client must be closed, or every SQL session and pipeline run leaves them behind for good.
     */
    @Test
    void sessionsShareOneCatalogClientPerBranchAndADeletedBranchsClientIsClosed(Lakehouse lakehouse) throws Exception {
        // a client starts its thread with its first scan's report
        SparkSession main = lakehouse.spark();
        String db = "clients_" + UUID.randomUUID().toString().substring(0, 8);
        main.sql("CREATE NAMESPACE " + db);
        main.sql("CREATE TABLE " + db + ".t (id BIGINT) USING iceberg");
        main.sql("INSERT INTO " + db + ".t VALUES (1)");
        assertThat(count(main, db + ".t")).isEqualTo(1);
        String branch = "clients_" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(cli(lakehouse, "branch", "create", branch).exitCode()).isZero();
        long before = restClientThreads();

        for (int i = 0; i < 5; i++) {
            SparkSession session = main.newSession();
            assertThat(count(session, db + ".t")).isEqualTo(1);
            assertThat(count(session, "lakehouse_" + branch + "." + db + ".t")).isEqualTo(1);
        }
        long during = restClientThreads();
        assertThat(during - before).as("five sessions on main and the branch: one new client, the branch's").isEqualTo(1);

        LakehouseProcess.Result delete = cli(lakehouse, "branch", "delete", branch);
        assertThat(delete.exitCode()).as(delete.stderr()).isZero();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (restClientThreads() >= during && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(restClientThreads()).as("the deleted branch's client is closed").isEqualTo(during - 1);
    }

    private static long restClientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("rest-metrics-reporter")).count();
    }

    private static long count(SparkSession spark, String table) {
        return spark.sql("SELECT count(*) FROM " + table).collectAsList().getFirst().getLong(0);
    }

    /** The command line on the data directory of the in-process stack (it finds it through run/endpoints.json). */
    private static LakehouseProcess.Result cli(Lakehouse lakehouse, String... args) throws Exception {
        return LakehouseProcess.run(lakehouse.dataDir(), Duration.ofMinutes(2), args);
    }
}
