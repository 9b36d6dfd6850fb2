package dev.lakehouse.client.cli;

import dev.lakehouse.client.LakehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code lakehouse topics ...}: the Kafka broker's topics. */
@Command(name = "topics", mixinStandardHelpOptions = true, header = "List, create, describe and delete Kafka topics.",
        description = "Kafka topics of the lakehouse's broker (kcat and any Kafka client reach the same broker).",
        subcommands = {TopicsCommand.ListTopics.class, TopicsCommand.Create.class, TopicsCommand.Describe.class,
                TopicsCommand.Delete.class})
public final class TopicsCommand {
    /** A topic action against the running lakehouse's broker. */
    abstract static class Action extends ClientCommand {
        @Override
        protected Set<String> services() {
            return Set.of("kafka");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "Topics with their partitions and message counts.")
    static final class ListTopics extends Action {
        @Override
        protected int run(LakehouseClient client) throws Exception {
            Terminal.OUT.printf("%-32s %10s %12s%n", "topic", "partitions", "messages");
            for (Map<String, Object> topic : client.list("/api/topics")) {
                Terminal.OUT.printf("%-32s %10s %12s%n", topic.get("name"), topic.get("partitions"), topic.get("messages"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create a topic.")
    static final class Create extends Action {
        @Parameters(paramLabel = "TOPIC")
        String name;

        @Option(names = "--partitions", defaultValue = "1", description = "Partitions (default: 1).")
        int partitions;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            client.post("/api/topics", Map.of("name", name, "partitions", partitions));
            Terminal.OUT.printf("Created topic %s with %d partition%s%n", name, partitions, partitions == 1 ? "" : "s");
            return ExitCodes.OK;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, header = "Partitions, leaders and offsets of a topic.")
    static final class Describe extends Action {
        @Parameters(paramLabel = "TOPIC")
        String name;

        @Override
        @SuppressWarnings("unchecked")
        protected int run(LakehouseClient client) throws Exception {
            Map<String, Object> topic = client.get("/api/topics/" + LakehouseClient.encode(name));
            List<Map<String, Object>> partitions = (List<Map<String, Object>>) topic.get("partitions");
            Terminal.OUT.printf("topic %s (id %s), %d partition(s), retention %s%n", name, topic.get("id"), partitions.size(),
                    topic.getOrDefault("retention", "-"));
            Terminal.OUT.printf("  %9s %6s %14s %14s%n", "partition", "leader", "first offset", "next offset");
            for (Map<String, Object> partition : partitions) {
                Terminal.OUT.printf("  %9s %6s %14s %14s%n", partition.get("partition"), partition.getOrDefault("leader", "-"),
                        partition.get("firstOffset"), partition.get("nextOffset"));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, header = "Delete a topic and its messages.")
    static final class Delete extends Action {
        @Parameters(paramLabel = "TOPIC")
        String name;

        @Override
        protected int run(LakehouseClient client) throws Exception {
            client.delete("/api/topics/" + LakehouseClient.encode(name));
            Terminal.OUT.printf("Deleted topic %s%n", name);
            return ExitCodes.OK;
        }
    }
}
