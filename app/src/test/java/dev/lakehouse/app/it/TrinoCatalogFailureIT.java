package dev.lakehouse.app.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A catalog with a bad property fails alone: the process, Trino and the other catalogs stay up. */
class TrinoCatalogFailureIT {
    @Test
    void aBadCatalogPropertyFailsThatCatalogOnly(@TempDir Path dataDir) throws Exception {
        try (LakehouseProcess lakehouse = LakehouseProcess.start(dataDir, "--services", "trino", "--ports", "random",
                "--set", "trino.catalog.tpcds.tpcds.no-such-property=1").awaitReady(Duration.ofMinutes(4))) {
            assertThat(lakehouse.stderr()).contains("trino: catalog tpcds is not available", "tpcds.no-such-property");
            assertThat(lakehouse.runFile().path("services").path("trino").path("state").asText()).isEqualTo("READY");
            assertThat(lakehouse.endpointProperty("trino", "http", "failed-catalogs")).isEqualTo("tpcds");
            // no metastore in this stack: no hive catalog, and nothing missing either
            assertThat(lakehouse.endpointProperty("trino", "http", "catalogs")).isEqualTo("iceberg,tpch,memory");

            Properties properties = new Properties();
            properties.setProperty("user", "test");
            try (Connection trino = DriverManager.getConnection(lakehouse.endpointProperty("trino", "http", "jdbc-url"), properties)) {
                var nations = trino.createStatement().executeQuery("SELECT count(*) FROM tpch.tiny.nation");
                nations.next();
                assertThat(nations.getLong(1)).isEqualTo(25);
                assertThatThrownBy(() -> trino.createStatement().executeQuery("SELECT * FROM tpcds.tiny.store"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("tpcds");
            }
        }
    }
}
