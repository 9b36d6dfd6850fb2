package dev.lakehouse.catalog.iceberg;

/** The REST prefix names a Nessie branch, tag or hash that does not exist: answered with 404. */
final class NoSuchReferenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSuchReferenceException(String reference, Throwable cause) {
        super("Nessie reference '" + reference + "' does not exist (create it with: lakehouse branch create "
                + reference + ")", cause);
    }
}
