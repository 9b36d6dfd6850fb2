package dev.lakehouse.pipelines.medallion;

import dev.lakehouse.pipelines.medallion.MedallionPipeline.Layer;
import dev.lakehouse.spark.pipeline.InvalidOptionException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MedallionOptionsTest {
    @Test
    void layersAreOneACommaListOrAll() {
        assertThat(MedallionPipeline.layers("all")).isEqualTo(EnumSet.allOf(Layer.class));
        assertThat(MedallionPipeline.layers("silver")).containsExactly(Layer.SILVER);
        assertThat(MedallionPipeline.layers("Gold, bronze")).containsExactly(Layer.BRONZE, Layer.GOLD);
    }

    @Test
    void anUnknownLayerNamesTheOptionAndTheChoices() {
        assertThatThrownBy(() -> MedallionPipeline.layers("bronze,platinum"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("layer").hasMessageContaining("bronze,platinum").hasMessageContaining("silver, gold");
    }

    @Test
    void optionsAreCheckedBeforeARun() {
        MedallionPipeline medallion = new MedallionPipeline();
        medallion.checkOptions(java.util.Map.of("layer", "silver", "wap", "false"));
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("wap", "maybe")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("layers", "gold")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("layer, wap, format, location");
    }

    @Test
    void deltaRunsTakeALocationAndRefuseWriteAuditPublish() {
        MedallionPipeline medallion = new MedallionPipeline();
        medallion.checkOptions(java.util.Map.of("format", "delta"));
        medallion.checkOptions(java.util.Map.of("format", "Delta", "location", "s3a://warehouse/delta-test/", "wap", "false"));
        assertThat(MedallionTables.of("delta", "s3a://warehouse/delta-test/").location("gold.top_products"))
                .isEqualTo("s3a://warehouse/delta-test/gold/top_products");
        assertThat(MedallionTables.of("delta", null).using("silver.orders"))
                .isEqualTo("USING delta LOCATION 's3a://warehouse/delta/silver/orders'");
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("format", "delta", "wap", "true")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("Delta tables have no branches");
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("format", "hudi")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("iceberg or delta");
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("location", "s3a://warehouse/x")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("only a Delta run");
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("format", "delta", "location", "warehouse/x")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("s3a://warehouse/delta");
    }

    @Test
    void onlyADeltaRunIsMirroredForTrino() {
        MedallionPipeline medallion = new MedallionPipeline();
        medallion.checkOptions(java.util.Map.of("format", "delta", "mirror", "false"));
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("mirror", "true")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("only a Delta run is mirrored");
        assertThatThrownBy(() -> medallion.checkOptions(java.util.Map.of("format", "delta", "mirror", "sometimes")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("true or false");
        assertThat(MedallionPipeline.mirrorName("gold.top_products")).isEqualTo("delta_gold.top_products");
    }

    @Test
    void sourceKeysBecomeJoinsAndQuarantineKeys() {
        assertThat(SourceTable.ORDER_ITEMS.keyJoin("t", "s")).isEqualTo("t.order_id = s.order_id AND t.line_no = s.line_no");
        assertThat(SourceTable.ORDER_ITEMS.keyAsString("c"))
                .isEqualTo("concat_ws('/', CAST(c.order_id AS STRING), CAST(c.line_no AS STRING))");
    }
}
