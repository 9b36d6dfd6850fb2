package dev.lakehouse.runtime.console;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Front-end libraries the console uses, served from their WebJars on the class path (a WebJar is an npm package in a
 * jar, under {@code META-INF/resources/webjars/<name>/<version>/}): {@code /console/vendor/echarts/dist/echarts.esm.min.js}
 * is ECharts' file of the version the build pinned. The address has no version in it, so the pages do not change
 * when the pom's does; the ETag (and {@code Cache-Control: no-cache}) make an upgrade show at once, as for
 * {@link StaticAssets}. Only the WebJars named here are served, not whatever else the class path holds.
 */
final class WebJarAssets {
    static final String PREFIX = "/console/vendor/";
    /** The WebJars the console loads, each a npm package of org.webjars.npm. */
    private static final java.util.Set<String> WEBJARS = java.util.Set.of("echarts");
    /** A file inside the package: segments that never start with a dot, so never "..". */
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "map", "application/json");

    private final ClassLoader classes = WebJarAssets.class.getClassLoader();
    /** Read once, on first use (ECharts' bundle is a megabyte: read it once, not per page load). */
    private final Map<String, Optional<StaticAssets.Asset>> cache = new ConcurrentHashMap<>();

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    /** Answers a GET or HEAD for the path: the file, a 304 when the client's copy is current, or false when there is none. */
    boolean serve(ServerRequest request, ServerResponse response, String path) {
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || !WEBJARS.contains(rest.substring(0, slash)) || !FILE.matcher(rest.substring(slash + 1)).matches()) {
            return false;
        }
        Optional<StaticAssets.Asset> found = cache.computeIfAbsent(rest, key -> load(key.substring(0, slash), key.substring(slash + 1)));
        if (found.isEmpty()) {
            return false;
        }
        StaticAssets.answer(request, response, found.get());
        return true;
    }

    private Optional<StaticAssets.Asset> load(String webJar, String file) {
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        Optional<String> version = version(webJar);
        if (type == null || version.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = classes.getResourceAsStream("META-INF/resources/webjars/" + webJar + "/" + version.get() + "/" + file)) {
            return in == null ? Optional.empty() : Optional.of(StaticAssets.Asset.of(in.readAllBytes(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The WebJar's version, from the Maven metadata every WebJar carries. */
    private Optional<String> version(String webJar) {
        try (InputStream in = classes.getResourceAsStream("META-INF/maven/org.webjars.npm/" + webJar + "/pom.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
