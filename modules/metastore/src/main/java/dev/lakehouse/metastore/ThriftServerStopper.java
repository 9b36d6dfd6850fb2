package dev.lakehouse.metastore;

import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.thrift.server.TServer;

import java.lang.reflect.Field;

/**
 * Stops the Thrift server {@code HiveMetaStore.startMetaStore} serves on. Hive offers no way to: its server stops with
 * its JVM. The running server is HiveMetaStore's private static {@code thriftServer}, a wrapper that holds the Thrift
 * {@code TServer} (a captured variable, {@code val$tServer}); this reaches it by reflection, and says so if a
 * Hive release moves it.
 */
final class ThriftServerStopper {
    private ThriftServerStopper() {
    }

    static void stop() throws ReflectiveOperationException {
        Field wrapperField = HiveMetaStore.class.getDeclaredField("thriftServer");
        wrapperField.setAccessible(true);
        Object wrapper = wrapperField.get(null);
        if (wrapper == null) {
            return;
        }
        Field serverField = wrapper.getClass().getDeclaredField("val$tServer");
        serverField.setAccessible(true);
        TServer server = (TServer) serverField.get(wrapper);
        server.stop();
        wrapperField.set(null, null);
    }
}
