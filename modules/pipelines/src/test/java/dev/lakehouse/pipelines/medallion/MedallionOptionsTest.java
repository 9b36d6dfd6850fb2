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
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("layer and wap");
    }

    @Test
    void sourceKeysBecomeJoinsAndQuarantineKeys() {
        assertThat(SourceTable.ORDER_ITEMS.keyJoin("t", "s")).isEqualTo("t.order_id = s.order_id AND t.line_no = s.line_no");
        assertThat(SourceTable.ORDER_ITEMS.keyAsString("c"))
                .isEqualTo("concat_ws('/', CAST(c.order_id AS STRING), CAST(c.line_no AS STRING))");
    }
}
