package dev.conveyor.infra.control.logs;

import java.nio.file.Path;

/**
 * A log file to ship and the service that writes it; the file need not exist yet.
 *
 * @param file    e.g. {@code .local/logs/go-style-worker-1.log}
 * @param service the service name ({@code service.name}) for lines that do not carry one, e.g. {@code go-style-worker}
 */
public record LogSource(Path file, String service) {

    public LogSource {
        file = file.toAbsolutePath().normalize();
    }
}
