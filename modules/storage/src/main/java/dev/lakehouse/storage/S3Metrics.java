package dev.lakehouse.storage;

import dev.lakehouse.spi.LatencyHistogram;
import dev.lakehouse.spi.MetricsSink;
import dev.lakehouse.spi.MetricsSource;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every S3 request as Jetty completes it, in front of S3Proxy's handler (S3Proxy keeps no metrics we could
 * read; its own Prometheus exporter is excluded from the bundle): requests by operation and status code, latency
 * by operation, bytes received and sent. The bytes are what went over the wire in bodies, so a PUT's object size
 * is counted in, a GET's out.
 */
final class S3Metrics extends Handler.Wrapper implements MetricsSource {
    private record Key(String operation, int status) { }

    private final Map<Key, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LatencyHistogram> latency = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytesIn = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bytesOut = new ConcurrentHashMap<>();

    private S3Metrics(Handler handler) {
        super(handler);
    }

    /** Puts the counting outermost, so it sees the requests the other wrappers refuse too. */
    static S3Metrics install(S3Proxy proxy) throws ReflectiveOperationException {
        var field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        S3Metrics metrics = new S3Metrics(server.getHandler());
        server.setHandler(metrics);
        return metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long begin = System.nanoTime();
        String operation = S3Operation.of(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery());
        Request.addCompletionListener(request, failure -> {
            int status = failure != null && response.getStatus() < 400 ? 500 : response.getStatus();
            requests.computeIfAbsent(new Key(operation, status), k -> new LongAdder()).increment();
            latency.computeIfAbsent(operation, o -> new LatencyHistogram()).recordNanos(System.nanoTime() - begin);
            bytesIn.computeIfAbsent(operation, o -> new LongAdder()).add(Request.getContentBytesRead(request));
            bytesOut.computeIfAbsent(operation, o -> new LongAdder()).add(Response.getContentBytesWritten(response));
        });
        return super.handle(request, response, callback);
    }

    @Override
    public void collect(MetricsSink sink) {
        requests.forEach((key, count) -> sink.counter("lakehouse_s3_requests", "S3 requests served, by operation and HTTP status",
                Map.of("operation", key.operation(), "status", String.valueOf(key.status())), count.sum()));
        latency.forEach((operation, histogram) -> sink.histogram("lakehouse_s3_request_duration_seconds",
                "Time from an S3 request's arrival to its response's end", Map.of("operation", operation), histogram));
        bytesIn.forEach((operation, bytes) -> sink.counter("lakehouse_s3_received_bytes", "Request body bytes received (objects put)",
                Map.of("operation", operation), bytes.sum()));
        bytesOut.forEach((operation, bytes) -> sink.counter("lakehouse_s3_sent_bytes", "Response body bytes sent (objects got, listings)",
                Map.of("operation", operation), bytes.sum()));
    }
}
