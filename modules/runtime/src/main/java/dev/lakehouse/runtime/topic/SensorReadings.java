package dev.lakehouse.runtime.topic;

import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * IoT sensor readings as JSON, one per line: {"sensor_id":"sensor-007","temperature":21.73,
 * "event_time":"2026-11-22T06:00:00.123Z","seq":12}. Deterministic for a seed: each sensor has its own
 * base temperature, each reading a little noise; seq numbers the readings of one generator from 0.
 */
public final class SensorReadings {
    private final Random random;
    private final double[] baseTemperature;
    private long seq;

    public SensorReadings(long seed, int sensors) {
        if (sensors < 1) {
            throw new IllegalArgumentException("at least one sensor");
        }
        this.random = new Random(seed);
        this.baseTemperature = new double[sensors];
        for (int i = 0; i < sensors; i++) {
            baseTemperature[i] = 15 + random.nextDouble() * 15;
        }
    }

    /** The next reading, taken at {@code eventTime}. */
    public String next(Instant eventTime) {
        int sensor = random.nextInt(baseTemperature.length);
        double temperature = baseTemperature[sensor] + random.nextGaussian() * 0.8;
        return String.format(Locale.ROOT, "{\"sensor_id\":\"sensor-%03d\",\"temperature\":%.2f,\"event_time\":\"%s\",\"seq\":%d}",
                sensor, temperature, eventTime, seq++);
    }

    /** How many readings were made so far. */
    public long count() {
        return seq;
    }
}
