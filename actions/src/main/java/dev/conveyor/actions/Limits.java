package dev.conveyor.actions;

/** Input bounds shared by several actions. */
final class Limits {

    /** Texts up to 1 MiB, counted in UTF-16 chars as Bean Validation's {@code @Size} does. */
    static final int MAX_TEXT_CHARS = 1024 * 1024;

    private Limits() {
    }
}
