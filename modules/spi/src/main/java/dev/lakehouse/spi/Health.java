package dev.lakehouse.spi;

import java.util.Objects;

/** The answer of a service's health probe: serving or not, and why not. */
public record Health(boolean serving, String detail) {
    private static final Health UP = new Health(true, "");

    public Health {
        Objects.requireNonNull(detail, "detail");
    }

    public static Health up() {
        return UP;
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
