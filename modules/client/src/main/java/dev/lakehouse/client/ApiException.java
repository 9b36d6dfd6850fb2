package dev.lakehouse.client;

/** The lakehouse refused a request, or could not be reached: the message is for the user as it is. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, 0 when the lakehouse did not answer at all. */
    public int status() {
        return status;
    }
}
