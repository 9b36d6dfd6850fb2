import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;

/**
 * A second client of the lakehouse's Hive Metastore: Hive's own Java Thrift client (HiveMetaStoreClient 4.0.1), run by
 * MetastoreIT as a source-file program in a JVM of its own, on the metastore module's jars (the test's class path has
 * other Hive and Hadoop classes). Prints "database NAME LOCATION" and "table DB.NAME TYPE LOCATION INPUT_FORMAT" lines.
 */
public class HmsListing {
    public static void main(String[] args) throws Exception {
        var conf = MetastoreConf.newMetastoreConf();
        MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, args[0]);
        try (HiveMetaStoreClient client = new HiveMetaStoreClient(conf)) {
            for (String database : client.getAllDatabases()) {
                System.out.println("database " + database + " " + client.getDatabase(database).getLocationUri());
                for (String name : client.getAllTables(database)) {
                    Table table = client.getTable(database, name);
                    System.out.println("table " + database + "." + name + " " + table.getTableType() + " "
                            + table.getSd().getLocation() + " " + table.getSd().getInputFormat());
                }
            }
        }
    }
}
