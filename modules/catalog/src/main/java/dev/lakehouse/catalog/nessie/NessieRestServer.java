package dev.lakehouse.catalog.nessie;

import org.glassfish.jersey.message.DeflateEncoder;
import org.glassfish.jersey.message.GZipEncoder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.EncodingFilter;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.projectnessie.services.impl.TreeApiImpl;
import org.projectnessie.services.rest.AccessCheckExceptionMapper;
import org.projectnessie.services.rest.BackendLimitExceededExceptionMapper;
import org.projectnessie.services.rest.RestConfigResource;
import org.projectnessie.services.rest.RestContentResource;
import org.projectnessie.services.rest.RestDiffResource;
import org.projectnessie.services.rest.RestNamespaceResource;
import org.projectnessie.services.rest.RestTreeResource;
import org.projectnessie.services.rest.RestV2ConfigResource;
import org.projectnessie.services.rest.RestV2TreeResource;
import org.projectnessie.services.rest.converters.ContentKeyParamConverterProvider;
import org.projectnessie.services.rest.converters.NamespaceParamConverterProvider;
import org.projectnessie.services.rest.converters.ReferenceTypeParamConverterProvider;
import org.projectnessie.services.rest.exceptions.ConstraintViolationExceptionMapper;
import org.projectnessie.services.rest.exceptions.NessieExceptionMapper;
import org.projectnessie.services.rest.exceptions.NessieJaxRsJsonMappingExceptionMapper;
import org.projectnessie.services.rest.exceptions.NessieJaxRsJsonParseExceptionMapper;
import org.projectnessie.services.rest.exceptions.NotSupportedExceptionMapper;
import org.projectnessie.services.rest.exceptions.ValidationExceptionMapper;
import org.projectnessie.versioned.VersionStore;

import java.util.List;

/**
 * Nessie's own JAX-RS resources (REST API v2, and v1 for older clients) in a CDI container, the way
 * Nessie's JAX-RS test extension wires them, without Quarkus. The resource paths include api/v1 and
 * api/v2, so the application is served at the root.
 */
public final class NessieRestServer implements AutoCloseable {
    private static final List<Class<?>> RESOURCES = List.of(
            RestV2ConfigResource.class, RestV2TreeResource.class,
            RestConfigResource.class, RestTreeResource.class, RestContentResource.class, RestDiffResource.class,
            RestNamespaceResource.class,
            ContentKeyParamConverterProvider.class, NamespaceParamConverterProvider.class, ReferenceTypeParamConverterProvider.class,
            NessieExceptionMapper.class,
            // the Nessie client gzips request bodies
            EncodingFilter.class, GZipEncoder.class, DeflateEncoder.class);
    /** Registered with a higher priority than the catch-all NessieExceptionMapper. */
    private static final List<Class<?>> SPECIFIC_MAPPERS = List.of(
            ValidationExceptionMapper.class, AccessCheckExceptionMapper.class, ConstraintViolationExceptionMapper.class,
            BackendLimitExceededExceptionMapper.class, NotSupportedExceptionMapper.class,
            NessieJaxRsJsonParseExceptionMapper.class, NessieJaxRsJsonMappingExceptionMapper.class);

    private final WeldContainer container;
    private final ResourceConfig application;

    private NessieRestServer(WeldContainer container, ResourceConfig application) {
        this.container = container;
        this.application = application;
    }

    public static NessieRestServer create(VersionStore versionStore, String defaultBranch) {
        Weld weld = new Weld()
                .addPackages(true, RestConfigResource.class)
                .addPackages(true, TreeApiImpl.class)
                .addExtension(new NessieBeans(versionStore, defaultBranch))
                .property(Weld.SHUTDOWN_HOOK_SYSTEM_PROPERTY, "false");
        WeldContainer container = weld.initialize();
        ResourceConfig application = new ResourceConfig().property(ServerProperties.WADL_FEATURE_DISABLE, true);
        RESOURCES.forEach(application::register);
        SPECIFIC_MAPPERS.forEach(mapper -> application.register(mapper, 10));
        return new NessieRestServer(container, application);
    }

    /** The JAX-RS application to serve at "/". */
    public ResourceConfig application() {
        return application;
    }

    @Override
    public void close() {
        container.shutdown();
    }
}
