package dev.lakehouse.catalog.iceberg;

import org.apache.iceberg.exceptions.BadRequestException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Paging of a list route ({@code pageToken}, {@code pageSize}). The token is the name of the last item of the
 * previous page (encoded: opaque to clients), and the next page starts after that name in name order: a table
 * created or dropped between two requests does not make another one repeat or disappear, as an offset would
 * (Iceberg's reference server pages by offset). A page holds at most {@link #MAX_PAGE_SIZE} items, and that many
 * when the client sends a token without a size, as the spec allows.
 *
 * @param after the name the page starts after, empty for the first page
 * @param size the most items the page holds
 */
record Pagination(String after, int size) {
    static final int MAX_PAGE_SIZE = 1000;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** Empty when the client asks for the whole list: no pageToken and no pageSize (the spec's rule). */
    static Optional<Pagination> of(String pageToken, String pageSize) {
        if (pageToken == null && pageSize == null) {
            return Optional.empty();
        }
        return Optional.of(new Pagination(decode(pageToken), size(pageSize)));
    }

    <T> Page<T> page(List<T> items, Function<T, String> name) {
        List<T> following = items.stream()
                .filter(item -> name.apply(item).compareTo(after) > 0)
                .sorted(Comparator.comparing(name))
                .toList();
        if (following.size() <= size) {
            return new Page<>(following, null);
        }
        List<T> page = following.subList(0, size);
        return new Page<>(page, ENCODER.encodeToString(name.apply(page.getLast()).getBytes(StandardCharsets.UTF_8)));
    }

    /** One page and the token of the next, null on the last page. */
    record Page<T>(List<T> items, String nextPageToken) {
    }

    private static String decode(String token) {
        if (token == null || token.isEmpty()) {
            return "";
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("Invalid pageToken '%s': pass the next-page-token of the previous page", token);
        }
    }

    private static int size(String pageSize) {
        if (pageSize == null || pageSize.isEmpty()) {
            return MAX_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(pageSize);
            if (size >= 1) {
                return Math.min(size, MAX_PAGE_SIZE);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("Invalid pageSize '%s': must be a number of at least 1", pageSize);
    }
}
