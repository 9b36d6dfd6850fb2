package dev.lakehouse.runtime;

/**
 * A request the lakehouse refuses for a reason its user can act on (no such branch, a topic that exists already):
 * the message is for the user as it is, the reason says which kind of refusal it is (the API answers 404, 409
 * or 400 for them).
 */
public final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which kind of refusal. */
    public enum Reason { NOT_FOUND, CONFLICT, INVALID }

    private final Reason reason;

    public Refused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public static Refused notFound(String message) {
        return new Refused(Reason.NOT_FOUND, message);
    }

    public static Refused conflict(String message) {
        return new Refused(Reason.CONFLICT, message);
    }

    public static Refused invalid(String message) {
        return new Refused(Reason.INVALID, message);
    }

    public Reason reason() {
        return reason;
    }
}
