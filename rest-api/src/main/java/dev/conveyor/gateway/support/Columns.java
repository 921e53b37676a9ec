package dev.conveyor.gateway.support;

import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * One column of many rows as an array parameter: a multi-row INSERT passes each column as an array and unnests
 * them into rows ({@code INSERT ... SELECT ... FROM unnest($1::uuid[], $2::text[], ...)}), one statement for any
 * number of rows.
 */
public final class Columns {

    private Columns() {
    }

    public static <T, V> V[] of(List<T> rows, Function<T, V> value, IntFunction<V[]> array) {
        V[] column = array.apply(rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }
}
