package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.conveyor.infra.control.ConveyorStack;
import dev.conveyor.infra.control.EmbeddedInfrastructure;
import dev.conveyor.infra.control.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fault drills on a stack of its own (durable MongoDB-wire storage, two workers): the non-negotiable "no accepted
 * launch is lost, no run is recorded twice" under kill -9 of every piece in turn, while launches keep coming.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultDrillIT {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "DEAD", "CANCELLED");
    private static final String ADMIN_EMAIL = "admin@drills.conveyor.test";
    private static final String ADMIN_PASSWORD = "drills-" + UUID.randomUUID();

    private static ConveyorStack stack;
    private static MongoClient mongo;
    private static MongoCollection<Document> runs;
    private static String token;
    private static List<String> taskIds;

    @BeforeAll
    static void startStack() {
        Path state = Path.of("target", "drill-stack", UUID.randomUUID().toString()).toAbsolutePath();
        stack = ConveyorStack.start(new ConveyorStack.Options(state, EmbeddedInfrastructure.Ports.free(),
                FreePorts.pick(), FreePorts.pick(), List.of(FreePorts.pick(), FreePorts.pick()), true,
                ADMIN_EMAIL, ADMIN_PASSWORD));
        mongo = MongoClients.create(stack.infrastructure().serviceEnvironment().get("MONGODB_URI"));
        runs = mongo.getDatabase("conveyor").getCollection("runs");

        RestClient rest = new RestClient(stack.gateway().url());
        String email = "drill-" + UUID.randomUUID() + "@example.com";
        rest.createUser(rest.login(ADMIN_EMAIL, ADMIN_PASSWORD), "Drill", email, "correct-horse-battery");
        token = rest.login(email, "correct-horse-battery");
        taskIds = List.of(
                rest.createTask(token, "primes", "primes", Map.of("limit", 20_000)),
                rest.createTask(token, "hash", "hash", Map.of("text", "drill", "iterations", 100)),
                rest.createTask(token, "sleep", "sleep", Map.of("millis", 200)),
                rest.createTask(token, "sum", "sum", Map.of("numbers", List.of(1, 2, 3))),
                rest.createTask(token, "flaky", "fail", Map.of("retryable", true, "probability", 0.3), 5));
    }

    @AfterAll
    static void stopStack() {
        if (mongo != null) {
            mongo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void launchesAcceptedWhileKafkaIsDownAreDeliveredWhenItReturns() throws Exception {
        stack.infrastructure().kafka().kill();
        Set<String> accepted;
        try (LaunchLoad load = new LaunchLoad(stack.gateway().url(), token, taskIds, 20)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acceptedCount() >= 100);
            accepted = load.stop();
        } finally {
            stack.infrastructure().kafka().restart();
        }
        System.out.printf("[drill] accepted %d launches while Kafka was down%n", accepted.size());
        awaitEveryRunTerminal(accepted, Duration.ofMinutes(3));
        assertExactlyOnce(accepted);
    }

    @Test
    @Order(2)
    void everyAcceptedLaunchEndsExactlyOnceThroughCrashesOfEveryPiece() throws Exception {
        Set<String> accepted;
        Map<String, Integer> refused;
        try (LaunchLoad load = new LaunchLoad(stack.gateway().url(), token, taskIds, 40)) {
            crashAndRecover(load, "Kafka broker", () -> stack.infrastructure().kafka().kill(),
                    () -> stack.infrastructure().kafka().restart());
            crashAndRecover(load, "worker 1", () -> stack.workers().getFirst().kill(),
                    () -> stack.workers().getFirst().restart());
            crashAndRecover(load, "updater", () -> stack.updater().kill(), () -> stack.updater().restart());
            // Three times: which statement a kill interrupts, and so which failure the gateway meets, varies.
            for (int crash = 1; crash <= 3; crash++) {
                crashAndRecover(load, "PostgreSQL", () -> stack.infrastructure().postgres().kill(),
                        () -> stack.infrastructure().postgres().restart());
            }
            crashAndRecover(load, "MongoDB-wire server", () -> stack.infrastructure().mongo().kill(),
                    () -> stack.infrastructure().mongo().restart());
            await().atMost(Duration.ofMinutes(3)).until(() -> load.acceptedCount() >= 2_000);
            accepted = load.stop();
            refused = load.refusedByReason();
        }
        System.out.printf("[drill] accepted %d launches; refused %s%n", accepted.size(), refused);
        assertThat(refused.keySet())
                .as(() -> "an outage refuses a launch with a 503, never a server error; the gateway logged:\n"
                        + unexpectedGatewayFailures())
                .noneMatch(reason -> reason.startsWith("HTTP 5") && !reason.equals("HTTP 503"));
        awaitEveryRunTerminal(accepted, Duration.ofMinutes(10));
        assertExactlyOnce(accepted);
    }

    @Test
    @Order(3)
    void twoWorkersShareTheLoadAndOneStopsGracefullyWithoutLosingRuns() throws Exception {
        Set<String> accepted;
        try (LaunchLoad load = new LaunchLoad(stack.gateway().url(), token, taskIds, 40)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acceptedCount() >= 200);
            stack.workers().getLast().stop();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acceptedCount() >= 400);
            accepted = load.stop();
        } finally {
            stack.workers().getLast().restart();
        }
        awaitEveryRunTerminal(accepted, Duration.ofMinutes(5));
        assertExactlyOnce(accepted);
        Set<Object> workers = new HashSet<>();
        runs.find(Filters.and(Filters.in("_id", accepted), Filters.exists("workerId")))
                .forEach(run -> workers.add(run.get("workerId")));
        System.out.printf("[drill] %d runs executed by workers %s%n", accepted.size(), workers);
        assertThat(workers).as("both workers executed runs").hasSizeGreaterThanOrEqualTo(2);
    }

    private static void crashAndRecover(LaunchLoad load, String what, Runnable crash, Runnable recover) {
        int before = load.acceptedCount();
        int attemptedBefore = load.attemptedCount();
        crash.run();
        // Launches meet the outage: they pile up in the outbox or in Kafka, or are refused while PostgreSQL is down.
        await().atMost(Duration.ofSeconds(30)).until(() -> load.attemptedCount() >= attemptedBefore + 100);
        recover.run();
        await().atMost(Duration.ofMinutes(2)).until(() -> load.acceptedCount() >= before + 200);
        System.out.printf("[drill] %s killed with -9 and restarted; %d launches accepted so far%n", what,
                load.acceptedCount());
    }

    /** The gateway's log lines for requests it answered with a 500, each with its stack trace. */
    private static String unexpectedGatewayFailures() {
        try (Stream<String> lines = Files.lines(stack.gateway().log())) {
            return lines.filter(line -> line.contains("Unexpected failure")).limit(5)
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(the gateway log is unreadable: " + e + ")";
        }
    }

    private static void awaitEveryRunTerminal(Set<String> runIds, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(countTerminal(runIds)).as("runs in a terminal state").isEqualTo(runIds.size()));
    }

    private static long countTerminal(Set<String> runIds) {
        long terminal = 0;
        for (List<String> chunk : chunks(runIds)) {
            terminal += runs.countDocuments(Filters.and(Filters.in("_id", chunk), Filters.in("status", TERMINAL)));
        }
        return terminal;
    }

    /** One document per accepted launch, each with exactly one terminal transition and nothing left RUNNING. */
    private static void assertExactlyOnce(Set<String> runIds) {
        Map<String, Integer> byStatus = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(runIds)) {
            for (Document run : runs.find(Filters.in("_id", chunk))) {
                String id = run.getString("_id");
                found.add(id);
                byStatus.merge(run.getString("status"), 1, Integer::sum);
                long terminalTransitions = run.getList("transitions", Document.class).stream()
                        .filter(t -> TERMINAL.contains(t.getString("status"))).count();
                if (terminalTransitions != 1) {
                    problems.add(id + " has " + terminalTransitions + " terminal transitions");
                }
            }
        }
        Set<String> missing = new HashSet<>(runIds);
        missing.removeAll(found);
        System.out.printf("[drill] %d accepted, %d recorded, %d missing; by status %s%n", runIds.size(),
                found.size(), missing.size(), byStatus);
        assertThat(missing).as("accepted launches without a run").isEmpty();
        assertThat(problems).as("runs not recorded exactly once").isEmpty();
        assertThat(byStatus).doesNotContainKeys("QUEUED", "RUNNING", "RETRYING");
    }

    private static List<List<String>> chunks(Set<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            chunks.add(all.subList(i, Math.min(all.size(), i + 500)));
        }
        return chunks;
    }
}
