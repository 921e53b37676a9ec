package dev.conveyor.gateway.task;

/** Optional list filters; null means "any". */
public record TaskFilter(String action, Priority priority) {
}
