package dev.lakehouse.pipelines.delta;

import dev.lakehouse.spark.pipeline.InvalidOptionException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** delta-mirror's options are checked before a run, each refusal naming the option and what it takes. */
class DeltaMirrorOptionsTest {
    private final DeltaMirrorPipeline mirror = new DeltaMirrorPipeline();

    @Test
    void aLocationAndANamespacedTableAreTaken() {
        mirror.checkOptions(Map.of("location", "s3a://warehouse/delta/sales", "table", "delta_sales.orders"));
    }

    @Test
    void aMissingOrBadOptionIsNamed() {
        assertThatThrownBy(() -> mirror.checkOptions(Map.of("table", "delta_sales.orders")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("option location").hasMessageContaining("s3a://");
        assertThatThrownBy(() -> mirror.checkOptions(Map.of("location", "warehouse/delta/sales", "table", "delta_sales.orders")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("option location");
        assertThatThrownBy(() -> mirror.checkOptions(Map.of("location", "s3a://warehouse/delta/sales", "table", "orders")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("NAMESPACE.TABLE");
        assertThatThrownBy(() -> mirror.checkOptions(Map.of("location", "s3a://warehouse/delta/sales", "table", "Sales.Orders")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("lower case");
        assertThatThrownBy(() -> mirror.checkOptions(Map.of("location", "s3a://x/y", "table", "a.b", "format", "delta")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("takes the options location, table");
    }
}
