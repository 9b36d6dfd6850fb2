package dev.lakehouse.runtime.api;

/** A request the API refuses: the status, and a message the client shows the user as it is. */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }

    public static HttpError conflict(String message) {
        return new HttpError(409, message);
    }

    /** A component the request needs is not running in this lakehouse. */
    public static HttpError unavailable(String message) {
        return new HttpError(503, message);
    }

    public int status() {
        return status;
    }
}
