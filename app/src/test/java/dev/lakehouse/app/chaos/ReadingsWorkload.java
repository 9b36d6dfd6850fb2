package dev.lakehouse.app.chaos;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbered sensor readings into Kafka at a steady rate while the sensors-streaming pipeline runs inside the
 * lakehouse. Each reading's number is its seq; a reading the broker acknowledged must end in bronze exactly once,
 * one it did not at most once.
 */
final class ReadingsWorkload implements CrashWorkload {
    static final String SENSOR_PREFIX = "chaos-";

    private final int perSecond;
    /** Runs of the stream that end when it is idle, one after the other, instead of one run the kill ends. */
    private final boolean runsUntilIdle;
    private final AtomicLong next = new AtomicLong();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    /** How each run of the stream that ended while the lakehouse lived ended (it should run until the kill). */
    private final java.util.List<String> streamEnds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private KafkaProducer<String, String> producer;
    private Loop sending;
    private Loop streaming;

    ReadingsWorkload(int perSecond, boolean runsUntilIdle) {
        this.perSecond = perSecond;
        this.runsUntilIdle = runsUntilIdle;
    }

    @Override
    public String name() {
        return "readings";
    }

    @Override
    public void start(ChaosStack stack) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a killed broker fails the sends in flight within seconds instead of the default two minutes
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(config);
        long pause = 1_000_000_000L / perSecond;
        long[] due = {System.nanoTime()};
        sending = Loop.start("readings", () -> {
            long seq = next.getAndIncrement();
            String sensor = SENSOR_PREFIX + (seq % 8);
            String reading = "{\"sensor_id\":\"" + sensor + "\",\"temperature\":" + (15 + seq % 100 / 10.0) + ",\"event_time\":\""
                    + Instant.now() + "\",\"seq\":" + seq + "}";
            producer.send(new ProducerRecord<>("sensors", sensor, reading), (metadata, error) -> {
                if (error == null) {
                    acknowledged.add(seq);
                }
            });
            due[0] += pause;
            long wait = due[0] - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        });
        // the stream runs until the lakehouse goes away; this thread holds its call open
        streaming = Loop.start("sensors-streaming", () -> {
            String status = stack.api().runPipeline("sensors-streaming", runsUntilIdle, Map.of(), line -> { });
            if (!runsUntilIdle || !status.equals("SUCCEEDED")) {
                streamEnds.add(status);
            }
            Thread.sleep(runsUntilIdle ? 5000 : 1000);
        });
    }

    @Override
    public void stop(Findings findings, long killedAt) throws InterruptedException {
        sending.stop(killedAt);
        findings.problemIfFailedWhileUp(sending);
        producer.close(java.time.Duration.ofSeconds(5));
        streaming.stop(killedAt);
        findings.problemIfFailedWhileUp(streaming);
    }

    @Override
    public void reconcile(ChaosStack stack) {
        // nothing to settle: a reading's fate is read from bronze at the end
    }

    /**
     * A run the stop interrupted may still be draining: its client's thread is blocked in a read that an interrupt
     * does not end, so the lakehouse sees the client still there and lets the run end when the stream is idle. The
     * lakehouse then rightly refuses a second run; wait for the first, as a user would.
     */
    private static String lastRunUntilIdle(ChaosStack stack) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(3).toNanos();
        while (true) {
            try {
                return stack.api().runPipeline("sensors-streaming", true, Map.of(), line -> { });
            } catch (ControlApiClient.StatementFailed e) {
                if (!e.getMessage().contains("is running already") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(2_000);
            }
        }
    }

    @Override
    public void verify(ChaosStack stack, Findings findings) throws Exception {
        String status = lastRunUntilIdle(stack);
        if (!status.equals("SUCCEEDED")) {
            findings.problem("the last sensors-streaming run (until idle) ended " + status);
        }
        Map<Long, Long> inBronze = new HashMap<>();
        try (Connection trino = stack.trino();
             ResultSet rows = trino.createStatement().executeQuery("SELECT seq, count(*) FROM iceberg.iot.sensors_bronze WHERE sensor_id LIKE '"
                     + SENSOR_PREFIX + "%' GROUP BY seq")) {
            while (rows.next()) {
                inBronze.put(rows.getLong(1), rows.getLong(2));
            }
        }
        long lost = acknowledged.stream().filter(seq -> !inBronze.containsKey(seq)).count();
        long duplicated = inBronze.values().stream().filter(count -> count > 1).count();
        long unknown = inBronze.keySet().stream().filter(seq -> seq >= next.get()).count();
        findings.count("readings sent", next.get(), "");
        findings.count("readings acknowledged", acknowledged.size(), "");
        findings.count("readings lost", lost, "");
        findings.count("readings duplicated", duplicated, "");
        if (lost > 0) {
            findings.problem(lost + " acknowledged readings are not in bronze, e.g. seq "
                    + acknowledged.stream().filter(seq -> !inBronze.containsKey(seq)).sorted().limit(5).toList());
        }
        if (duplicated > 0) {
            findings.problem(duplicated + " readings are in bronze more than once");
        }
        if (!streamEnds.isEmpty()) {
            findings.problem((runsUntilIdle ? "runs of the stream did not succeed " : "the stream ended by itself ") + streamEnds.size()
                    + " times while the lakehouse ran: " + streamEnds);
        }
        if (unknown > 0) {
            findings.problem(unknown + " readings in bronze were never sent");
        }
    }
}
