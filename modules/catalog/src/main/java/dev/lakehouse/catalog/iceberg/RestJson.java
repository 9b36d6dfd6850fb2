package dev.lakehouse.catalog.iceberg;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import org.apache.iceberg.rest.RESTSerializers;

/**
 * JSON as the Iceberg REST spec writes it: Iceberg's own serializers for its request and response types,
 * kebab-case names. The same set-up as Iceberg's RESTObjectMapper, which is not public.
 */
final class RestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());

    static {
        RESTSerializers.registerAll(MAPPER);
    }

    private RestJson() {
    }

    /** @throws MalformedRequestException when the body is not valid JSON for the type */
    static <T> T parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new MalformedRequestException("The request has no body; expected a JSON " + type.getSimpleName());
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new MalformedRequestException("The request body is null; expected a JSON " + type.getSimpleName());
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException("Malformed " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // Iceberg's parsers reject missing or wrong fields with IllegalArgumentException/NullPointerException
            throw new MalformedRequestException("Invalid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The request body could not be read: the client's mistake, answered with 400. */
    static final class MalformedRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String message) {
            super(message);
        }
    }
}
