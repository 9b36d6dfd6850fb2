package dev.lakehouse.spark.pipeline;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The pipelines on the class path, by name. */
public final class Pipelines {
    private Pipelines() {
    }

    public static Map<String, Pipeline> all() {
        Map<String, Pipeline> pipelines = new TreeMap<>();
        ServiceLoader.load(Pipeline.class, Pipelines.class.getClassLoader()).forEach(p -> pipelines.put(p.name(), p));
        return pipelines;
    }

    /** @throws IllegalArgumentException naming the pipelines there are */
    public static Pipeline named(String name) {
        Pipeline pipeline = all().get(name);
        if (pipeline == null) {
            throw new IllegalArgumentException("no pipeline named " + name + " (pipelines: " + String.join(", ", all().keySet()) + ")");
        }
        return pipeline;
    }
}
