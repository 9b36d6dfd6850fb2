package dev.lakehouse.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** {@code lakehouse topics ...}: the Kafka broker's topics. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"Kafka topics of the lakehouse's broker.",
                "Works against the lakehouse running on the data directory, or starts the broker for the command."},
        subcommands = {TopicsCommand.ListTopics.class, TopicsCommand.Create.class, TopicsCommand.Describe.class,
                TopicsCommand.Delete.class})
final class TopicsCommand {
    @ParentCommand
    LakehouseCli cli;

    /** Runs an action with an Admin client on the broker of the stack on the data directory. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        TopicsCommand topics;

        @Override
        public Integer call() throws Exception {
            try (StackConnection stack = StackConnection.open(topics.cli.resolvedDataDir(), "kafka");
                 Admin admin = Admin.create(Map.of(
                         AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoint("kafka", "bootstrap").property("bootstrap-servers"),
                         AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000))) {
                run(admin);
                return ExitCodes.OK;
            } catch (StackConnection.CommandException e) {
                Terminal.error(e.getMessage());
                return ExitCodes.START_FAILED;
            } catch (ExecutionException e) {
                Terminal.error(e.getCause().getMessage());
                return ExitCodes.START_FAILED;
            }
        }

        abstract void run(Admin admin) throws Exception;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Topics with their partitions and message counts.")
    static final class ListTopics extends Action {
        @Override
        void run(Admin admin) throws Exception {
            Set<String> names = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Terminal.OUT.printf("%-32s %10s %12s%n", "topic", "partitions", "messages");
            for (String name : names) {
                TopicDescription description = descriptions.get(name);
                Terminal.OUT.printf("%-32s %10d %12d%n", name, description.partitions().size(), messages(admin, description));
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a topic.")
    static final class Create extends Action {
        @Parameters(paramLabel = "TOPIC")
        String name;

        @Option(names = "--partitions", defaultValue = "1", description = "Partitions (default: 1).")
        int partitions;

        @Override
        void run(Admin admin) throws Exception {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Terminal.OUT.printf("Created topic %s with %d partition%s%n", name, partitions, partitions == 1 ? "" : "s");
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Partitions, leaders and offsets of a topic.")
    static final class Describe extends Action {
        @Parameters(paramLabel = "TOPIC")
        String name;

        @Override
        void run(Admin admin) throws Exception {
            TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
            Map<TopicPartition, Long> earliest = offsets(admin, description, OffsetSpec.earliest());
            Map<TopicPartition, Long> latest = offsets(admin, description, OffsetSpec.latest());
            Terminal.OUT.printf("topic %s (id %s), %d partition(s)%n", name, description.topicId(), description.partitions().size());
            Terminal.OUT.printf("  %9s %6s %14s %14s%n", "partition", "leader", "first offset", "next offset");
            for (TopicPartitionInfo partition : description.partitions()) {
                TopicPartition key = new TopicPartition(name, partition.partition());
                Terminal.OUT.printf("  %9d %6s %14d %14d%n", partition.partition(),
                        partition.leader() == null ? "-" : partition.leader().idString(), earliest.get(key), latest.get(key));
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a topic and its messages.")
    static final class Delete extends Action {
        @Parameters(paramLabel = "TOPIC")
        String name;

        @Override
        void run(Admin admin) throws Exception {
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
            Terminal.OUT.printf("Deleted topic %s%n", name);
        }
    }

    static long messages(Admin admin, TopicDescription description) throws Exception {
        Map<TopicPartition, Long> earliest = offsets(admin, description, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(admin, description, OffsetSpec.latest());
        return latest.entrySet().stream().mapToLong(e -> e.getValue() - earliest.getOrDefault(e.getKey(), 0L)).sum();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, TopicDescription description, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry
                : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
            offsets.put(entry.getKey(), entry.getValue().offset());
        }
        return offsets;
    }
}
