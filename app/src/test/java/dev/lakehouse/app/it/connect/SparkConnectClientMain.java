package dev.lakehouse.app.it.connect;

import org.apache.spark.sql.Row;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.apache.spark.sql.SparkSession;

/**
 * Runs in a JVM of its own with the Spark Connect client jar first on the class path (see
 * SparkConnectIT): connects to {@code args[0]}, runs the SQL statements in {@code args[1..]} in order in one session
 * and prints each row ({@code row a|b}). With more than one statement, each one's rows follow a line
 * {@code statement N}; a statement that starts with {@code !} is expected to fail, and prints {@code error MESSAGE}
 * (its first line) instead of stopping the client.
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
            for (int i = 1; i < args.length; i++) {
                if (args.length > 2) {
                    System.out.println("statement " + i);
                }
                boolean mayFail = args[i].startsWith("!");
                try {
                    for (Row row : spark.sql(mayFail ? args[i].substring(1) : args[i]).collectAsList()) {
                        System.out.println("row " + row.mkString("|"));
                    }
                } catch (Exception e) {
                    if (!mayFail) {
                        throw e;
                    }
                    System.out.println("error " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                }
            }
        } finally {
            spark.close();
        }
    }
}
