package dev.conveyor.bench.launch;

import dev.conveyor.bench.api.BenchUser;
import dev.conveyor.bench.api.ConveyorApi;
import dev.conveyor.bench.stats.Latencies;
import dev.conveyor.bench.stats.Refusals;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase (b) over REST: {@code clients} closed-loop clients, each sending {@code POST /api/tasks/{id}/launch} as soon
 * as its previous launch was answered. Launches during the warm-up are made but not measured.
 */
public final class RestLaunches {

    private final ConveyorApi api;
    private final HttpClient.Version version;

    public RestLaunches(ConveyorApi api, HttpClient.Version version) {
        this.api = api;
        this.version = version;
    }

    public LaunchResult run(BenchUser user, int clients, Duration warmup, Duration duration) {
        HttpRequest launch = api.launchRequest(user.token(), user.taskId());
        Latencies latencies = new Latencies();
        Refusals refused = new Refusals();
        LongAdder launched = new LongAdder();
        Map<HttpClient.Version, Boolean> negotiated = new ConcurrentHashMap<>();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        try (var clientThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                clientThreads.submit(() -> {
                    for (long sent = System.nanoTime(); sent < end; sent = System.nanoTime()) {
                        boolean measured = sent >= measureFrom;
                        try {
                            HttpResponse<String> response = api.send(launch);
                            long elapsed = System.nanoTime() - sent;
                            negotiated.put(response.version(), true);
                            if (response.statusCode() == 202) {
                                launched.increment();
                                if (measured) {
                                    latencies.add(elapsed);
                                }
                            } else if (measured) {
                                refused.count("HTTP " + response.statusCode());
                            }
                        } catch (UncheckedIOException e) {
                            if (measured) {
                                refused.count(e.getCause().getClass().getSimpleName());
                            }
                        }
                    }
                });
            }
        }
        Latencies.Summary summary = latencies.summary();
        return new LaunchResult("REST " + describe(negotiated.keySet()) + " (asked " + describe(version) + "), "
                + clients + " clients", summary.count(), summary.count() / (duration.toNanos() / 1e9), summary,
                launched.sum(), refused);
    }

    private static String describe(Iterable<HttpClient.Version> versions) {
        StringBuilder text = new StringBuilder();
        versions.forEach(version -> text.append(text.isEmpty() ? "" : "+").append(describe(version)));
        return text.isEmpty() ? "no answer" : text.toString();
    }

    private static String describe(HttpClient.Version version) {
        return version == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
    }
}
