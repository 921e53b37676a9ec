package dev.conveyor.bench.process;

import java.util.ArrayList;
import java.util.List;

/**
 * A process whose peak RSS and CPU time are reported.
 *
 * @param name               what it is (a service, a server)
 * @param pid                its process id on this machine
 * @param includeDescendants also sum its child processes (PostgreSQL forks one backend per connection)
 */
public record MeasuredProcess(String name, long pid, boolean includeDescendants) {

    /** The processes to sum: this one first, then its live descendants when they are included. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>(List.of(pid));
        if (includeDescendants) {
            ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)
                    .forEach(pids::add);
        }
        return pids;
    }
}
