package dev.lakehouse.storage;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.http.HttpHeader;
import org.gaul.shaded.org.eclipse.jetty.io.Content;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;
import org.gaul.shaded.org.eclipse.jetty.util.Fields;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Refuses a presigned URL dated in the future, as S3 does ("Request is not valid yet"). S3Proxy checks that a
 * presigned URL has not expired, counting from its X-Amz-Date, but not that this date has come: a URL signed for
 * 2030 was valid from now until 2030 plus its expiry, around S3's 7-day limit on presigned URLs.
 */
final class PresignedDates extends Handler.Wrapper {
    private static final Duration SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private PresignedDates(Handler handler) {
        super(handler);
    }

    /** Puts the check in front of S3Proxy's handler (S3Proxy exposes no hook for it: its Jetty server is private). */
    static void install(S3Proxy proxy) throws ReflectiveOperationException {
        var field = S3Proxy.class.getDeclaredField("server");
        field.setAccessible(true);
        Server server = (Server) field.get(proxy);
        server.setHandler(new PresignedDates(server.getHandler()));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String query = request.getHttpURI().getQuery();
        if (query != null && query.contains("X-Amz-Date=")) {
            Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            String date = fields.getValue("X-Amz-Date");
            if (date != null) {
                try {
                    Instant signed = AMZ_DATE.parse(date, Instant::from);
                    if (signed.isAfter(Instant.now().plus(SKEW))) {
                        refuse(response, callback, "Request is not valid yet: it is dated " + signed);
                        return true;
                    }
                } catch (DateTimeParseException e) {
                    refuse(response, callback, "X-Amz-Date must be in ISO 8601 basic format (yyyyMMdd'T'HHmmss'Z'), not " + date);
                    return true;
                }
            }
        }
        return super.handle(request, response, callback);
    }

    private static void refuse(Response response, Callback callback, String message) {
        response.setStatus(403);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/xml;charset=utf-8");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>"
                + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>";
        Content.Sink.write(response, true, xml, callback);
    }
}
