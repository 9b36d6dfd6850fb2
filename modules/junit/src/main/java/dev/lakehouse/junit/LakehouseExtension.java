package dev.lakehouse.junit;

import dev.lakehouse.runtime.Lakehouse;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** What {@link LakehouseTest} does: the shared lakehouse, a namespace per class, parameters. */
public final class LakehouseExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace CLASS = ExtensionContext.Namespace.create(LakehouseExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        testLakehouse(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Lakehouse.class || type == SparkSession.class || type == TestLakehouse.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestLakehouse lakehouse = testLakehouse(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Lakehouse.class) {
            return lakehouse.lakehouse();
        }
        if (type == SparkSession.class) {
            try {
                return lakehouse.spark();
            } catch (IllegalStateException e) {
                throw new ParameterResolutionException(e.getMessage(), e);
            }
        }
        return lakehouse;
    }

    /** The class's view of the shared lakehouse, made once per test class. */
    private static TestLakehouse testLakehouse(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(CLASS).getOrComputeIfAbsent(testClass, type -> {
            LakehouseTest annotation = AnnotationSupport.findAnnotation(testClass, LakehouseTest.class)
                    .orElseThrow(() -> new IllegalStateException(testClass + " is not annotated @LakehouseTest"));
            List<String> services = Arrays.asList(annotation.services());
            JvmFlags.check(services);
            Lakehouse lakehouse = SharedLakehouses.forServices(context, services, settings(annotation));
            String namespace = TestLakehouse.namespaceFor(testClass, UUID.randomUUID().toString().substring(0, 6));
            SparkSession spark = null;
            if (lakehouse.services().contains("spark")) {
                spark = lakehouse.spark().newSession();
                spark.sql("CREATE NAMESPACE IF NOT EXISTS `" + namespace + "`");
                spark.sql("USE `" + namespace + "`");
            }
            return new TestLakehouse(lakehouse, namespace, spark);
        }, TestLakehouse.class);
    }

    private static Map<String, String> settings(LakehouseTest annotation) {
        Map<String, String> settings = new TreeMap<>();
        for (String setting : annotation.settings()) {
            int equals = setting.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("@LakehouseTest settings are KEY=VALUE, not '" + setting + "'");
            }
            settings.put(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
        }
        return settings;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
