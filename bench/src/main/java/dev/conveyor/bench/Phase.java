package dev.conveyor.bench;

import java.util.Arrays;

/** The measurements, in the order they run. */
public enum Phase {
    KAFKA("a", "Kafka", "raw Kafka produce -> consume"),
    LAUNCH("b", "launches", "single launches over REST and gRPC"),
    END_TO_END("c", "end-to-end", "end-to-end runs/s with batch launches"),
    LATENCY("d", "latency", "launch -> SUCCEEDED latency at fixed offered rates"),
    MEMORY("e", "peak RSS", "peak RSS of every process");

    private final String letter;
    private final String shortName;
    private final String title;

    Phase(String letter, String shortName, String title) {
        this.letter = letter;
        this.shortName = shortName;
        this.title = title;
    }

    /** What the phase measures, announced when it starts. */
    public String label() {
        return "(" + letter + ") " + title;
    }

    /** The phase in the table of figures. */
    public String tag() {
        return "(" + letter + ") " + shortName;
    }

    public String letter() {
        return letter;
    }

    static Phase of(String letterOrName) {
        String wanted = letterOrName.trim();
        return Arrays.stream(values())
                .filter(phase -> phase.letter.equalsIgnoreCase(wanted) || phase.name().equalsIgnoreCase(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown phase '" + letterOrName
                        + "': use a, b, c, d, e (or kafka, launch, end_to_end, latency, memory)"));
    }
}
