package dev.lakehouse.catalog.iceberg;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.apache.iceberg.rest.Endpoint;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The endpoints a JAX-RS resource serves, read from its annotations ("GET /v1/{prefix}/namespaces", ...): what
 * /v1/config advertises is then exactly what is routed, and a route added later is advertised with no list to
 * keep in step. The config route itself is not an endpoint in the spec's sense.
 */
final class ServedEndpoints {
    private static final String CONFIG = "/v1/config";

    private ServedEndpoints() {
    }

    static List<Endpoint> of(Class<?> resource) {
        String root = "/" + resource.getAnnotation(Path.class).value();
        List<Endpoint> endpoints = new ArrayList<>();
        for (Method method : resource.getMethods()) {
            Path path = method.getAnnotation(Path.class);
            String httpMethod = httpMethod(method);
            if (path == null || httpMethod == null) {
                continue;
            }
            String full = root + "/" + path.value();
            if (!full.equals(CONFIG)) {
                endpoints.add(Endpoint.create(httpMethod, full));
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::httpMethod));
        return List.copyOf(endpoints);
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod httpMethod = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (httpMethod != null) {
                return httpMethod.value();
            }
        }
        return null;
    }
}
