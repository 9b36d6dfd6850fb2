package dev.lakehouse.catalog.iceberg;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Exceptions as the Iceberg REST spec's ErrorResponse JSON, with the status codes the spec gives them. */
final class RestErrors implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(RestErrors.class);
    /** Most specific first: the first type the exception is an instance of decides. */
    private static final Map<Class<? extends Throwable>, Integer> STATUS = new LinkedHashMap<>();

    static {
        STATUS.put(RestJson.MalformedRequestException.class, 400);
        STATUS.put(BadRequestException.class, 400);
        STATUS.put(NamespaceNotEmptyException.class, 409);
        STATUS.put(NotAuthorizedException.class, 401);
        STATUS.put(ForbiddenException.class, 403);
        STATUS.put(NoSuchReferenceException.class, 404);
        STATUS.put(NoSuchNamespaceException.class, 404);
        STATUS.put(NoSuchTableException.class, 404);
        STATUS.put(NoSuchViewException.class, 404);
        // a file the catalog names is gone (a metadata file deleted behind its back), as Iceberg's reference answers
        STATUS.put(NotFoundException.class, 404);
        STATUS.put(AlreadyExistsException.class, 409);
        STATUS.put(CommitFailedException.class, 409);
        STATUS.put(UnprocessableEntityException.class, 422);
        STATUS.put(CommitStateUnknownException.class, 500);
        STATUS.put(ValidationException.class, 400);
        STATUS.put(IllegalArgumentException.class, 400);
        STATUS.put(UnsupportedOperationException.class, 406);
    }

    @Override
    public Response toResponse(Throwable exception) {
        return response(exception);
    }

    static Response response(Throwable exception) {
        if (exception instanceof WebApplicationException web) {
            // a request the API does not route (unknown path, wrong method): still JSON, and with a type no Iceberg
            // client takes for one of its own (Jersey's NotFoundException would read as "file not found")
            int status = web.getResponse().getStatus();
            String type = switch (status) {
                case 404 -> "NoSuchRouteException";
                case 405 -> "MethodNotAllowedException";
                case 415 -> "UnsupportedMediaTypeException";
                default -> status < 500 ? "BadRequestException" : "ServiceFailureException";
            };
            return error(status, type, web.getMessage());
        }
        if (exception instanceof IllegalStateException && String.valueOf(exception.getMessage()).startsWith("Content key too long")) {
            // Nessie checks its key limits as preconditions: the request's names are at fault, not the server
            return error(400, "BadRequestException", "the namespace and table name are too long for the catalog: " + exception.getMessage());
        }
        int status = STATUS.entrySet().stream()
                .filter(entry -> entry.getKey().isInstance(exception))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(500);
        if (status >= 500) {
            LOG.error("Iceberg REST request failed", exception);
        } else {
            LOG.debug("Iceberg REST request refused with {}: {}", status, exception.getMessage());
        }
        // as Iceberg's reference names them: a client turns IllegalArgumentException back into one (a view with two
        // queries for one dialect...) and every other 400 into BadRequestException
        String type = exception instanceof RestJson.MalformedRequestException ? "BadRequestException"
                : exception instanceof IllegalArgumentException ? "IllegalArgumentException"
                : exception.getClass().getSimpleName();
        String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
        return error(status, type, message);
    }

    private static Response error(int status, String type, String message) {
        ErrorResponse body = ErrorResponse.builder().responseCode(status).withType(type).withMessage(message).build();
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(ErrorResponseParser.toJson(body)).build();
    }
}
