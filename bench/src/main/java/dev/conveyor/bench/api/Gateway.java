package dev.conveyor.bench.api;

import java.net.http.HttpClient;

/**
 * The gateway as the benchmark uses it across phases: one REST client, the admin's token, and whether batch
 * launches are served, each found out once.
 */
public final class Gateway {

    private final ConveyorApi api;
    private final String adminEmail;
    private final String adminPassword;
    private String adminToken;
    private Boolean batchAvailable;

    public Gateway(String url, HttpClient.Version version, String adminEmail, String adminPassword) {
        this.api = new ConveyorApi(url, version);
        this.adminEmail = adminEmail;
        this.adminPassword = adminPassword;
    }

    public ConveyorApi api() {
        return api;
    }

    /** A fresh user with a task of its own, so its runs are told apart from every other phase's. */
    public synchronized BenchUser newUser(String label) {
        if (adminToken == null) {
            adminToken = api.login(adminEmail, adminPassword);
        }
        return BenchUser.create(api, adminToken, label);
    }

    /** Whether {@code POST /api/launches} is served; probed once with a user of its own, so its run counts nowhere. */
    public synchronized boolean batchAvailable() {
        if (batchAvailable == null) {
            batchAvailable = Launcher.probeBatch(api, newUser("probe"));
        }
        return batchAvailable;
    }

    /** Launches the user's runs in batches, or by single launches when batches are not served. */
    public Launcher launcher(BenchUser user) {
        return new Launcher(api, user, batchAvailable());
    }
}
