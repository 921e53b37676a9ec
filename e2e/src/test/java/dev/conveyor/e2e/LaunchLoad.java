package dev.conveyor.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Launches runs in the background at a steady rate, as many clients would, and remembers exactly which launches were
 * accepted (202). A launch that fails or times out is not accepted, whatever the gateway did with it.
 */
final class LaunchLoad implements AutoCloseable {

    private static final Pattern RUN_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final String token;
    private final List<String> taskIds;
    private final int perSecond;
    private final Semaphore concurrency = new Semaphore(32);
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
    private final AtomicInteger attempted = new AtomicInteger();
    private final Thread pacer;
    private volatile boolean running = true;

    LaunchLoad(String gatewayUrl, String token, List<String> taskIds, int perSecond) {
        this.gatewayUrl = gatewayUrl;
        this.token = token;
        this.taskIds = taskIds;
        this.perSecond = perSecond;
        this.pacer = Thread.ofPlatform().name("launch-load").start(this::pace);
    }

    private void pace() {
        long intervalNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        while (running) {
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (concurrency.tryAcquire()) {
                launchOne(taskIds.get(attempted.getAndIncrement() % taskIds.size()));
            } else {
                count("client-saturated");
            }
        }
    }

    private void launchOne(String taskId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/api/tasks/" + taskId + "/launch"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            concurrency.release();
            if (failure != null) {
                count(failure.getClass().getSimpleName());
            } else if (response.statusCode() == 202) {
                Matcher id = RUN_ID.matcher(response.body());
                if (!id.find()) {
                    throw new IllegalStateException("202 without a run id: " + response.body());
                }
                accepted.add(id.group(1));
            } else {
                count("HTTP " + response.statusCode());
            }
        });
    }

    private void count(String reason) {
        refused.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    int attemptedCount() {
        return attempted.get();
    }

    int acceptedCount() {
        return accepted.size();
    }

    /** Stops launching and waits for the answers still outstanding. */
    Set<String> stop() throws InterruptedException {
        running = false;
        pacer.join();
        concurrency.acquire(32);
        concurrency.release(32);
        return Set.copyOf(accepted);
    }

    Map<String, Integer> refusedByReason() {
        Map<String, Integer> counts = new TreeMap<>();
        refused.forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
