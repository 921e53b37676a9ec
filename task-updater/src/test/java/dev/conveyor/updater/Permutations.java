package dev.conveyor.updater;

import java.util.ArrayList;
import java.util.List;

/** Every order of a few items, for the tests that record a run's events in all orders. */
public final class Permutations {

    private Permutations() {
    }

    public static <T> List<List<T>> of(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> result = new ArrayList<>();
        for (T first : items) {
            List<T> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<T> tail : of(rest)) {
                List<T> order = new ArrayList<>(List.of(first));
                order.addAll(tail);
                result.add(order);
            }
        }
        return result;
    }
}
