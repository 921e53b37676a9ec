package dev.conveyor.gateway.support;

import java.util.List;
import java.util.function.Function;

/** One page of a list: its items, the total count over all pages, and where the page is. */
public record Paged<T>(List<T> items, long total, int page, int size) {

    public <R> Paged<R> map(Function<T, R> mapper) {
        return new Paged<>(items.stream().map(mapper).toList(), total, page, size);
    }
}
