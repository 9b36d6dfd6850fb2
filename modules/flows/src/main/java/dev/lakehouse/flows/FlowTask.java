package dev.lakehouse.flows;

/**
 * A task written in Java: a class on the lakehouse's class path with a public no-argument constructor, named in a
 * flow file ({@code java: com.example.Notify}) or with {@code Task.named(..).java(Notify.class)}. A new instance
 * runs each attempt. Throwing fails the attempt (the task's retries apply); an interrupt means it is cancelled or
 * timed out.
 */
@FunctionalInterface
public interface FlowTask {
    void run(TaskContext context) throws Exception;
}
