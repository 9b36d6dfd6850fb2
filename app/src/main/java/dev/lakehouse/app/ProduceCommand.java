package dev.lakehouse.app;

import dev.lakehouse.pipelines.sensors.SensorEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** {@code lakehouse produce}: IoT sensor readings (or stdin's lines) into a Kafka topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Produce messages to a Kafka topic of the lakehouse: generated IoT sensor readings (JSON, one per",
                "message: sensor_id, temperature, event_time, seq), or, with --stdin, each line of standard input.",
                "Runs until --count messages are out, or Ctrl-C."})
final class ProduceCommand implements Callable<Integer> {
    @ParentCommand
    LakehouseCli cli;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic (created on first use).")
    String topic;

    @Option(names = "--count", paramLabel = "N", description = "How many messages (default: until Ctrl-C, or the end of stdin).")
    Long count;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "0", description = "Messages per second (default: as fast as possible).")
    long rate;

    @Option(names = "--sensors", paramLabel = "N", defaultValue = "50", description = "How many sensors the generator simulates (default: 50).")
    int sensors;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "The generator's seed: the same seed, the same readings.")
    long seed;

    @Option(names = "--stdin", description = "Send the lines of standard input instead of generated readings.")
    boolean stdin;

    @Override
    public Integer call() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        try (StackConnection stack = StackConnection.open(cli.resolvedDataDir(), "kafka");
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.endpoint("kafka", "bootstrap").property("bootstrap-servers"),
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.LINGER_MS_CONFIG, 5,
                     ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            // Ctrl-C: stop sending, and wait until what was sent is flushed and counted
            CountDownLatch flushed = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                stopped.set(true);
                try {
                    flushed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "produce-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            long begin = System.nanoTime();
            AtomicLong failures = new AtomicLong();
            if (stdin) {
                BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while (!stopped.get() && (count == null || sent.get() < count) && (line = lines.readLine()) != null) {
                    send(producer, line, sent, failures, begin);
                }
            } else {
                SensorEvents events = new SensorEvents(seed, sensors);
                while (!stopped.get() && (count == null || sent.get() < count)) {
                    send(producer, events.next(Instant.now()), sent, failures, begin);
                }
            }
            producer.flush();
            flushed.countDown();
            double seconds = (System.nanoTime() - begin) / 1e9;
            Terminal.OUT.printf(Locale.ROOT, "Produced %d messages to %s in %.1f s (%.0f/s)%s%n", sent.get() - failures.get(), topic,
                    seconds, (sent.get() - failures.get()) / Math.max(seconds, 0.001),
                    failures.get() == 0 ? "" : "; " + failures.get() + " failed (see the log)");
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException e) {
                // stopping because of Ctrl-C: the hook waits for this method to end
            }
            return failures.get() == 0 ? ExitCodes.OK : ExitCodes.START_FAILED;
        } catch (StackConnection.CommandException e) {
            Terminal.error(e.getMessage());
            return ExitCodes.START_FAILED;
        }
    }

    private void send(KafkaProducer<String, String> producer, String value, AtomicLong sent, AtomicLong failures, long begin)
            throws InterruptedException {
        if (rate > 0) {
            long due = begin + sent.get() * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
            if (error != null) {
                failures.incrementAndGet();
            }
        });
        sent.incrementAndGet();
    }
}
