package dev.conveyor.bench.api;

import dev.conveyor.bench.stats.Refusals;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Launches many runs of a user's task: one batch request ({@code POST /api/launches}) per call, or, when the
 * gateway has no batch endpoint (404/405), concurrent single launches instead. Blocks until the gateway answered.
 */
public final class Launcher implements AutoCloseable {

    private static final int SINGLE_LAUNCH_CONCURRENCY = 64;

    private final ConveyorApi api;
    private final BenchUser user;
    private final Semaphore singles = new Semaphore(SINGLE_LAUNCH_CONCURRENCY);
    private final ExecutorService singleLaunches = Executors.newVirtualThreadPerTaskExecutor();
    private final boolean batchAvailable;

    public Launcher(ConveyorApi api, BenchUser user, boolean batchAvailable) {
        this.api = api;
        this.user = user;
        this.batchAvailable = batchAvailable;
    }

    /**
     * Whether the gateway serves {@code POST /api/launches}: sends a batch of one. Use a user kept for this, so the
     * probe's run counts in no measurement.
     */
    public static boolean probeBatch(ConveyorApi api, BenchUser user) {
        int status = api.send(api.batchRequest(user.token(), List.of(user.taskId()))).statusCode();
        if (status == 202) {
            return true;
        }
        if (status == 404 || status == 405) {
            return false;
        }
        throw new IllegalStateException("POST /api/launches answered " + status + " to a valid batch of one");
    }

    public boolean usesBatch() {
        return batchAvailable;
    }

    /**
     * How many launches one {@link #launch} call should ask for: a whole batch, or, launching singly, as many as go
     * out at once, so a caller that watches the clock is not held up by a thousand sequential answers.
     */
    public int chunk(int batchSize) {
        return batchAvailable ? batchSize : Math.min(batchSize, SINGLE_LAUNCH_CONCURRENCY);
    }

    /** Launches {@code count} runs; returns the ids of those accepted and counts the others in {@code refusals}. */
    public List<String> launch(int count, Refusals refusals) {
        return batchAvailable ? batch(count, refusals) : singly(count, refusals);
    }

    private List<String> batch(int count, Refusals refusals) {
        try {
            HttpResponse<String> response = api.send(api.batchRequest(user.token(),
                    Collections.nCopies(count, user.taskId())));
            if (response.statusCode() == 202) {
                return ConveyorApi.runIds(response);
            }
            refusals.count("batch HTTP " + response.statusCode(), count);
        } catch (UncheckedIOException e) {
            refusals.count("batch " + e.getCause().getClass().getSimpleName(), count);
        }
        return List.of();
    }

    private List<String> singly(int count, Refusals refusals) {
        List<Future<String>> launches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            launches.add(singleLaunches.submit(() -> launchOne(refusals)));
        }
        List<String> accepted = new ArrayList<>(count);
        for (Future<String> launch : launches) {
            String runId = join(launch);
            if (runId != null) {
                accepted.add(runId);
            }
        }
        return accepted;
    }

    private String launchOne(Refusals refusals) throws InterruptedException {
        singles.acquire();
        try {
            HttpResponse<String> response = api.send(api.launchRequest(user.token(), user.taskId()));
            if (response.statusCode() == 202) {
                return ConveyorApi.runId(response);
            }
            refusals.count("HTTP " + response.statusCode());
        } catch (UncheckedIOException e) {
            refusals.count(e.getCause().getClass().getSimpleName());
        } finally {
            singles.release();
        }
        return null;
    }

    private static String join(Future<String> launch) {
        try {
            return launch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while launching", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Launch failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        singleLaunches.close();
    }
}
