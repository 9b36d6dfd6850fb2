package dev.lakehouse.app.it.connect;

import org.apache.spark.sql.Row;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.spark.sql.SparkSession;

/**
 * Runs in a JVM of its own with the Spark Connect client jar first on the class path (see
 * SparkConnectIT): connects to {@code args[0]}, runs the SQL in {@code args[1]} and prints each row.
 */
public final class SparkConnectClientMain {
    private SparkConnectClientMain() {
    }

    public static void main(String[] args) throws Throwable {
        // The client's own session class: this file compiles against classic Spark, which lacks it. Method
        // handles, not reflection: listing its methods would load classic-only types such as SparkContext.
        Class<?> session = Class.forName("org.apache.spark.sql.connect.SparkSession");
        Class<?> builderType = Class.forName("org.apache.spark.sql.connect.SparkSession$Builder");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Object builder = lookup.findStatic(session, "builder", MethodType.methodType(builderType)).invoke();
        builder = lookup.findVirtual(builderType, "remote", MethodType.methodType(builderType, String.class)).invoke(builder, args[0]);
        SparkSession spark = (SparkSession) lookup.findVirtual(builderType, "getOrCreate", MethodType.methodType(session)).invoke(builder);
        try {
            System.out.println("client " + spark.getClass().getName() + " " + spark.version());
            for (Row row : spark.sql(args[1]).collectAsList()) {
                System.out.println("row " + row.mkString("|"));
            }
        } finally {
            spark.close();
        }
    }
}
