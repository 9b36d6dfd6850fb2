package dev.lakehouse.spark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a Delta log's file path becomes the path an Iceberg mirror lists. */
class DeltaIcebergMirrorPathTest {
    private static final String TABLE = "s3a://warehouse/delta/gold/top_products";

    @Test
    void aRelativePathIsResolvedUnderTheTableAndNamedS3() {
        assertThat(DeltaIcebergMirror.absolute(TABLE, "part-00000-1a2b.c000.snappy.parquet"))
                .isEqualTo("s3://warehouse/delta/gold/top_products/part-00000-1a2b.c000.snappy.parquet");
    }

    @Test
    void aPartitionFolderIsDecoded() {
        // Delta URL-encodes the path it logs; the object's key holds the characters themselves
        assertThat(DeltaIcebergMirror.absolute(TABLE, "country=C%C3%B4te%20d%27Ivoire/part-00001.parquet"))
                .isEqualTo("s3://warehouse/delta/gold/top_products/country=Côte d'Ivoire/part-00001.parquet");
    }

    @Test
    void anAbsolutePathKeepsItsBucket() {
        assertThat(DeltaIcebergMirror.absolute(TABLE, "s3a://other/shallow-clone/part-00002.parquet"))
                .isEqualTo("s3://other/shallow-clone/part-00002.parquet");
        assertThat(DeltaIcebergMirror.absolute("file:/tmp/t", "part-3.parquet")).isEqualTo("file:/tmp/t/part-3.parquet");
    }

    @Test
    void aPathThatIsNotAUriIsRefusedNamingTheTable() {
        assertThatThrownBy(() -> DeltaIcebergMirror.absolute(TABLE, "part 4 %zz.parquet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Delta log of " + TABLE);
    }
}
