package dev.lakehouse.catalog;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpProbe;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.TransferEncoding;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.Header;

import java.lang.reflect.Method;

/**
 * Answers a request that offers an HTTP/2 upgrade ({@code Upgrade: h2c}, as Java's own HttpClient and
 * {@code curl --http2} send by default) as the plain HTTP/1.1 request it also is. Grizzly takes any Upgrade header
 * as a switch of protocol: it stops reading the body as HTTP, so a POST of JSON (a Nessie commit, an Iceberg
 * create-table) waited 30 s for a body that never came and failed with a 500. Declining the upgrade is what RFC 9110
 * allows a server that does not speak the offered protocol.
 */
final class H2cUpgradeIgnored implements AddOn {
    private static final Method SET_TRANSFER_ENCODING;

    static {
        try {
            SET_TRANSFER_ENCODING = HttpHeader.class.getDeclaredMethod("setTransferEncoding", TransferEncoding.class);
            SET_TRANSFER_ENCODING.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        HttpCodecFilter codec = (HttpCodecFilter) builder.get(builder.indexOfType(HttpServerFilter.class));
        codec.getMonitoringConfig().addProbes(new Probe(codec));
    }

    /** Runs once the header is parsed and before the codec decides how to read what follows it. */
    private record Probe(HttpCodecFilter codec) implements HttpProbe {
        @Override
        public void onHeaderParseEvent(Connection connection, HttpHeader header, int size) {
            if (!header.isRequest() || !header.isUpgrade() || !header.getUpgrade().toLowerCase().startsWith("h2c")) {
                return;
            }
            header.getUpgradeDC().recycle();
            header.getHeaders().removeHeader(Header.Upgrade);
            header.getHeaders().removeHeader("HTTP2-Settings");
            header.setIgnoreContentModifiers(false);
            // what the codec does for a request that is not an upgrade: read the body by its length or chunks
            if (header.getContentLength() > 0 || header.isChunked()) {
                header.setExpectContent(true);
                for (TransferEncoding encoding : codec.getTransferEncodings()) {
                    if (encoding.wantDecode(header)) {
                        try {
                            SET_TRANSFER_ENCODING.invoke(header, encoding);
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                        break;
                    }
                }
            } else {
                header.setExpectContent(false);
            }
        }

        @Override
        public void onDataReceivedEvent(Connection connection, org.glassfish.grizzly.Buffer buffer) {
        }

        @Override
        public void onDataSentEvent(Connection connection, org.glassfish.grizzly.Buffer buffer) {
        }

        @Override
        public void onHeaderSerializeEvent(Connection connection, HttpHeader header, org.glassfish.grizzly.Buffer buffer) {
        }

        @Override
        public void onContentChunkParseEvent(Connection connection, org.glassfish.grizzly.http.HttpContent content) {
        }

        @Override
        public void onContentChunkSerializeEvent(Connection connection, org.glassfish.grizzly.http.HttpContent content) {
        }

        @Override
        public void onContentEncodingParseEvent(Connection connection, HttpHeader header, org.glassfish.grizzly.Buffer buffer,
                                                org.glassfish.grizzly.http.ContentEncoding encoding) {
        }

        @Override
        public void onContentEncodingParseResultEvent(Connection connection, HttpHeader header, org.glassfish.grizzly.Buffer buffer,
                                                      org.glassfish.grizzly.http.ContentEncoding encoding) {
        }

        @Override
        public void onContentEncodingSerializeEvent(Connection connection, HttpHeader header, org.glassfish.grizzly.Buffer buffer,
                                                    org.glassfish.grizzly.http.ContentEncoding encoding) {
        }

        @Override
        public void onContentEncodingSerializeResultEvent(Connection connection, HttpHeader header, org.glassfish.grizzly.Buffer buffer,
                                                          org.glassfish.grizzly.http.ContentEncoding encoding) {
        }

        @Override
        public void onTransferEncodingParseEvent(Connection connection, HttpHeader header, org.glassfish.grizzly.Buffer buffer,
                                                 TransferEncoding encoding) {
        }

        @Override
        public void onTransferEncodingSerializeEvent(Connection connection, HttpHeader header, org.glassfish.grizzly.Buffer buffer,
                                                     TransferEncoding encoding) {
        }

        @Override
        public void onErrorEvent(Connection connection, org.glassfish.grizzly.http.HttpPacket packet, Throwable error) {
        }
    }
}
