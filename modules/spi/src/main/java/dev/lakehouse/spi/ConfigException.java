package dev.lakehouse.spi;

/** A configuration key is unknown, missing, or has a value that is not valid. Always names the key. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The full configuration key at fault, e.g. "storage.port". */
    public String key() {
        return key;
    }
}
