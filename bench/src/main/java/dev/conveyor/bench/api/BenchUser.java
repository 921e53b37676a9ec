package dev.conveyor.bench.api;

import java.util.UUID;

/**
 * A user of its own for one measurement, with one task of the cheap {@code sum} action: its runs are exactly the
 * runs whose {@code ownerId} is {@link #id()}, which is how the measurement finds them in MongoDB.
 */
public record BenchUser(String id, String token, String taskId) {

    private static final String PASSWORD = "bench-correct-horse-battery";
    /** Cheap on purpose: the benchmark measures the platform, not the action. */
    private static final String SUM_INPUT = "{\"numbers\": [1, 2, 3, 4, 5, 6, 7, 8]}";

    public static BenchUser create(ConveyorApi api, String adminToken, String label) {
        String email = "bench-" + label + "-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.conveyor.test";
        String id = api.createUser(adminToken, "Bench " + label, email, PASSWORD);
        String token = api.login(email, PASSWORD);
        return new BenchUser(id, token, api.createTask(token, "bench sum", "sum", SUM_INPUT));
    }
}
