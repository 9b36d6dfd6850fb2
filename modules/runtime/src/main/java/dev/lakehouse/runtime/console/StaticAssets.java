package dev.lakehouse.runtime.console;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's files (HTML, CSS, JavaScript modules), served from the jar's
 * {@code dev/lakehouse/runtime/console/web/} as they are: the browser fetches nothing from anywhere else, so the
 * console works offline. {@code /} is the single page; the other files are under {@code /console/}.
 * <p>
 * Caching: each answer carries an ETag (a hash of the bytes) and {@code Cache-Control: no-cache}, so the browser
 * keeps its copy but asks each time, and gets a bodiless 304 while the file is unchanged: a lakehouse upgraded
 * under a open tab never runs yesterday's JavaScript against today's API.
 */
final class StaticAssets {
    private static final String ROOT = "web/";
    /** Names of files we ship: no "..", no hidden files, a known extension. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\\.(html|css|js|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    /** A file to serve: its bytes, content type and ETag (also {@link WebJarAssets}' files). */
    record Asset(byte[] bytes, String type, String etag) {
        static Asset of(byte[] bytes, String type) {
            return new Asset(bytes, type, StaticAssets.etag(bytes));
        }
    }

    /** Read once, on first use: the files never change while the jar runs. Absent names are remembered too. */
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    /** Whether the path is one this class answers ({@code /} or under {@code /console/}). */
    static boolean handles(String path) {
        return path.equals("/") || path.equals("/index.html") || path.startsWith("/console/");
    }

    /**
     * Answers a GET or HEAD for the path as it was sent (not normalized: {@code /console/pages/../app.js} is no file
     * of ours): the file, a 304 when the client's copy is current, or false when there is none.
     */
    boolean serve(ServerRequest request, ServerResponse response, String path) {
        String name = path.equals("/") || path.equals("/index.html") ? "index.html" : path.substring("/console/".length());
        Optional<Asset> found = NAME.matcher(name).matches() ? cache.computeIfAbsent(name, StaticAssets::load) : Optional.empty();
        if (found.isEmpty()) {
            return false;
        }
        answer(request, response, found.get());
        return true;
    }

    /** Sends the file with its type, ETag and no-cache, or a bodiless 304 when the client's copy is the same. */
    static void answer(ServerRequest request, ServerResponse response, Asset asset) {
        response.header("ETag", asset.etag());
        response.header("Cache-Control", "no-cache");
        response.header("X-Content-Type-Options", "nosniff");
        if (request.headers().first(HeaderNames.IF_NONE_MATCH).filter(asset.etag()::equals).isPresent()) {
            response.status(304).send();
            return;
        }
        ConsoleServer.send(request, response, 200, asset.type(), asset.bytes());
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            return Optional.of(Asset.of(bytes, TYPES.get(extension)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
