package dev.conveyor.bench.launch;

import dev.conveyor.bench.stats.Latencies;
import dev.conveyor.bench.stats.Refusals;

/**
 * Single launches over one protocol.
 *
 * @param protocol  what was used, as negotiated
 * @param accepted  launches accepted in the measured window
 * @param perSecond accepted launches per second in the measured window
 * @param latency   request to answer, of the accepted launches in the measured window
 * @param launched  every accepted launch, warm-up included: the runs left to finish
 * @param refused   launches not accepted, by reason
 */
public record LaunchResult(String protocol, long accepted, double perSecond, Latencies.Summary latency, long launched,
                           Refusals refused) {
}
