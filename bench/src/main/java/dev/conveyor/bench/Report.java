package dev.conveyor.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The figures as a Markdown table, ready to paste into the README, with the notes that qualify them. */
final class Report {

    private record Row(String phase, String measure, String result) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Adds a row and shows it at once, so a long run tells how it goes. */
    void row(String phase, String measure, String result) {
        rows.add(new Row(phase, measure, result));
        System.out.printf("  %s | %s | %s%n", phase, measure, result);
    }

    void note(String note) {
        notes.add(note);
        System.out.println("  note: " + note);
    }

    void print(PrintStream out, List<String> header) {
        out.println();
        header.forEach(out::println);
        out.println();
        int phaseWidth = Math.max(5, rows.stream().mapToInt(row -> row.phase().length()).max().orElse(0));
        int measureWidth = Math.max(7, rows.stream().mapToInt(row -> row.measure().length()).max().orElse(0));
        String format = "| %-" + phaseWidth + "s | %-" + measureWidth + "s | %s |%n";
        out.printf(format, "phase", "measure", "result");
        out.printf("|%s|%s|---|%n", "-".repeat(phaseWidth + 2), "-".repeat(measureWidth + 2));
        rows.forEach(row -> out.printf(format, row.phase(), row.measure(), row.result()));
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(note -> out.println("- " + note));
        }
    }
}
