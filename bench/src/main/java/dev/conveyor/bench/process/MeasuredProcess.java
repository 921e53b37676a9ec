package dev.conveyor.bench.process;

/**
 * A process whose peak RSS and CPU time are reported.
 *
 * @param name               what it is (a service, a server)
 * @param pid                its process id on this machine
 * @param includeDescendants also sum its child processes (PostgreSQL forks one backend per connection)
 */
public record MeasuredProcess(String name, long pid, boolean includeDescendants) {
}
