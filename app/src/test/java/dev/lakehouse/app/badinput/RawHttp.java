package dev.lakehouse.app.badinput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for what no client sends: NUL bytes in paths, bodies shorter than their
 * Content-Length, headers of any size, bytes that are not HTTP at all. The answer is read until the server closes
 * or a time limit; "no answer" is a status of -1.
 */
final class RawHttp {
    static final int TIMEOUT_MS = 15_000;

    record Answer(int status, String head, String body) {
        @Override
        public String toString() {
            return status + " " + Commands.abbreviate(body);
        }
    }

    private RawHttp() {
    }

    /** A request with {@code headers} (Host and Connection: close added) and the body bytes actually sent. */
    static Answer send(URI server, String method, String rawPath, Map<String, String> headers, byte[] body, boolean closeOutputAfterBody)
            throws IOException {
        StringBuilder head = new StringBuilder(method + " " + rawPath + " HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", server.getHost() + ":" + server.getPort());
        all.putAll(headers);
        all.putIfAbsent("Connection", "close");
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        return exchange(server, request.toByteArray(), closeOutputAfterBody);
    }

    /** Any bytes, then the answer (if the server gives one). */
    static Answer exchange(URI server, byte[] bytes, boolean closeOutput) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5000);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                if (closeOutput) {
                    socket.shutdownOutput();
                }
            } catch (IOException refused) {
                // the server may close before reading everything (a huge header): its answer still counts
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                    if (complete(answer)) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                if (answer.size() == 0) {
                    throw new AssertionError("no answer within " + TIMEOUT_MS + " ms (the server hangs on this input)");
                }
            } catch (IOException reset) {
                // a reset after (or instead of) the answer
            }
            return parse(answer.toString(StandardCharsets.ISO_8859_1));
        }
    }

    private static boolean complete(ByteArrayOutputStream answer) {
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase();
        int at = head.indexOf("content-length:");
        if (at >= 0) {
            int lineEnd = head.indexOf("\r\n", at);
            long length = Long.parseLong(head.substring(at + 15, lineEnd < 0 ? head.length() : lineEnd).trim());
            return text.length() - end - 4 >= length;
        }
        return head.contains("transfer-encoding: chunked") ? text.endsWith("0\r\n\r\n") : false;
    }

    private static Answer parse(String text) {
        if (!text.startsWith("HTTP/")) {
            return new Answer(-1, "", text);
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        return new Answer(Integer.parseInt(head.substring(9, 12)), head, body);
    }
}
