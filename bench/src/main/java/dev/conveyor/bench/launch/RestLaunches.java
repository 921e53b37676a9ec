package dev.conveyor.bench.launch;

import dev.conveyor.bench.api.BenchUser;
import dev.conveyor.bench.api.ConveyorApi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Phase (b) over REST: {@code clients} launches in flight ({@link ClosedLoop}), each a
 * {@code POST /api/tasks/{id}/launch} on a keep-alive connection of its own (HTTP/1.1), or streams of one
 * connection (HTTP/2, cleartext upgrade).
 *
 * <p>Vert.x's HTTP client, not the JDK's: the client shares the cores with the gateway it measures, and the JDK's
 * client, one blocked virtual thread per launch, cost 0.36 ms of CPU per launch, about as much as the gateway's
 * PostgreSQL.
 */
public final class RestLaunches {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final ConveyorApi api;
    private final boolean http2;

    public RestLaunches(ConveyorApi api, java.net.http.HttpClient.Version version) {
        this.api = api;
        this.http2 = version == java.net.http.HttpClient.Version.HTTP_2;
    }

    public LaunchResult run(BenchUser user, int clients, Duration warmup, Duration duration)
            throws InterruptedException {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient http = vertx.createHttpClient(
                    new HttpClientOptions().setProtocolVersion(http2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1)
                            .setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(clients).setHttp2MaxSize(1));
            RequestOptions launch = new RequestOptions().setMethod(HttpMethod.POST)
                    .setAbsoluteURI(api.launchUrl(user.taskId()))
                    .putHeader("Authorization", "Bearer " + user.token())
                    .setIdleTimeout(REQUEST_TIMEOUT.toMillis());
            Map<HttpVersion, Boolean> negotiated = new ConcurrentHashMap<>();
            ClosedLoop.Launch send = answer -> http.request(launch)
                    .compose(HttpClientRequest::send)
                    .compose(response -> {
                        negotiated.put(response.version(), true);
                        return response.body().map(body -> response.statusCode());
                    })
                    .onComplete(answered -> {
                        if (answered.failed()) {
                            answer.refused(answered.cause().getClass().getSimpleName());
                        } else if (answered.result() == 202) {
                            answer.accepted();
                        } else {
                            answer.refused("HTTP " + answered.result());
                        }
                    });
            String asked = http2 ? "HTTP/2" : "HTTP/1.1";
            return new ClosedLoop(send, clients, warmup, duration, REQUEST_TIMEOUT).run(() -> "REST "
                    + describe(negotiated.keySet()) + " (asked " + asked + "), " + clients + " clients");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private static String describe(Set<HttpVersion> versions) {
        return versions.isEmpty() ? "no answer" : versions.stream()
                .map(version -> version == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1")
                .sorted().collect(Collectors.joining("+"));
    }
}
