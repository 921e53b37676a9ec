package dev.conveyor.bench;

import dev.conveyor.bench.api.BenchUser;
import dev.conveyor.bench.api.Gateway;
import dev.conveyor.bench.api.Launcher;
import dev.conveyor.bench.kafka.KafkaThroughput;
import dev.conveyor.bench.launch.GrpcLaunches;
import dev.conveyor.bench.launch.LaunchResult;
import dev.conveyor.bench.launch.RestLaunches;
import dev.conveyor.bench.process.CpuTime;
import dev.conveyor.bench.process.GcPauses;
import dev.conveyor.bench.process.MeasuredProcess;
import dev.conveyor.bench.process.PeakRss;
import dev.conveyor.bench.runs.EndToEndThroughput;
import dev.conveyor.bench.runs.LatencyAtRate;
import dev.conveyor.bench.runs.RunStore;
import dev.conveyor.bench.stack.Target;
import dev.conveyor.bench.stack.Targets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The benchmark: starts the embedded stack (or targets a running one), runs the chosen phases in order and prints
 * the figures with the machine they were measured on. A measuring tool, not a test: it asserts nothing about times.
 * Run it with {@code bin/bench}; {@code bin/bench --help} lists the options.
 */
public final class Benchmark {

    private final BenchOptions options;
    private final Target target;
    private final Gateway gateway;
    private final Report report = new Report();
    private KafkaThroughput.Result kafka;
    private EndToEndThroughput.Result endToEnd;
    private boolean batchFallbackNoted;

    private Benchmark(BenchOptions options, Target target) {
        this.options = options;
        this.target = target;
        this.gateway = new Gateway(target.gatewayUrl(), options.httpVersion(), target.adminEmail(),
                target.adminPassword());
    }

    public static void main(String[] args) throws InterruptedException {
        ClientLogging.quiet();
        if (List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Machine machine = Machine.describe();
        String startLoad = Machine.loadAverage();
        System.out.println("Conveyor benchmark on " + machine + "; load average " + startLoad);
        Target target = startOrExit(options);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("Stopping what the benchmark started ...");
                target.close();
            }
        };
        // Ctrl-C stops the services too: unlike the embedded servers, they do not exit when their parent dies.
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "bench-stop"));
        Benchmark benchmark = new Benchmark(options, target);
        try {
            benchmark.run();
        } finally {
            stop.run();
        }
        benchmark.report.print(System.out, List.of(
                "## Conveyor benchmark, " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME),
                "",
                "- Machine: " + machine,
                "- Load average (1/5/15 min): " + startLoad + " at start, " + Machine.loadAverage() + " at end",
                "- Stack: " + target.description(),
                "- Each phase " + options.duration().toSeconds() + " s; action `sum` of 8 numbers; the benchmark "
                        + "client runs on the same machine and shares its cores"));
    }

    private static Target startOrExit(BenchOptions options) {
        try {
            return Targets.of(options);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("Could not start the stack: " + cause.getMessage());
            System.exit(1);
            throw e;
        }
    }

    private void run() throws InterruptedException {
        if (!options.pipelineWarmup().isZero() && target.mongoUri() != null && options.phases().stream()
                .anyMatch(phase -> phase == Phase.LAUNCH || phase == Phase.END_TO_END || phase == Phase.LATENCY)) {
            warmUp();
        }
        for (Phase phase : options.phases()) {
            System.out.println();
            System.out.println(phase.label() + " ...");
            try {
                switch (phase) {
                    case KAFKA -> kafka();
                    case LAUNCH -> launches();
                    case END_TO_END -> endToEnd();
                    case LATENCY -> latencies();
                    case MEMORY -> memory();
                }
            } catch (Exception e) {
                System.err.println(phase.label() + " failed:");
                e.printStackTrace();
                report.row(phase.tag(), "failed", e.toString());
            }
        }
    }

    /**
     * Eight JVMs compiling their hot paths on two cores take minutes; measured cold, a run costs three to eight times
     * the CPU it costs warm. The phases measure the steady state a long-running deployment sees, and each CPU row
     * says how much of the CPU the JIT compilers still took.
     */
    private void warmUp() throws InterruptedException {
        System.out.println();
        System.out.printf("Warm-up: batch launches through the whole pipeline for %d s (not reported) ...%n",
                options.pipelineWarmup().toSeconds());
        BenchUser user = gateway.newUser("warmup");
        try (RunStore store = new RunStore(target.mongoUri(), target.mongoDatabase(), target.kafka());
             Launcher launcher = launcher(user)) {
            EndToEndThroughput.Result warm = new EndToEndThroughput(launcher, store, target.kafka()).run(user,
                    options.batchSize(), options.batchesInFlight(), options.backlog(), options.pipelineWarmup(),
                    options.drainTimeout(), () -> { });
            System.out.printf("    %,d runs warmed the pipeline (%,.0f runs/s on average)%n", warm.succeeded(),
                    warm.runsPerSecond());
        }
    }

    private void kafka() throws Exception {
        if (target.kafka() == null) {
            report.note("(a) skipped: no --kafka given for the running stack");
            return;
        }
        kafka = new KafkaThroughput(target.kafka(), options.kafkaPartitions(), options.kafkaConsumers())
                .run(options.duration());
        String phase = Phase.KAFKA.tag();
        report.row(phase, "produce -> consume", "%,.0f records/s, %.1f MB/s".formatted(kafka.recordsPerSecond(),
                kafka.megabytesPerSecond()));
        report.row(phase, "setup", ("%,d records of %.0f B (key + RunRequested + headers), %d partitions, "
                + "%d consumers, acks=all, idempotent; acknowledged at %,.0f records/s").formatted(kafka.records(),
                kafka.recordBytes(), kafka.partitions(), kafka.consumers(), kafka.producedPerSecond()));
        if (kafka.failedSends() > 0 || !kafka.caughtUp()) {
            report.note("(a) %,d sends failed; consumers caught up: %s".formatted(kafka.failedSends(),
                    kafka.caughtUp()));
        }
    }

    private void launches() throws InterruptedException {
        BenchUser user = gateway.newUser("launch");
        CpuWindow cpu = new CpuWindow();
        LaunchResult rest = new RestLaunches(gateway.api(), options.httpVersion())
                .run(user, options.concurrency(), options.warmup(), options.duration());
        launchRows(rest);
        drain(user, rest.launched());
        cpuRow(Phase.LAUNCH.tag() + " REST", cpu, rest.launched());
        cpu = new CpuWindow();
        LaunchResult grpc = new GrpcLaunches(target.grpcTarget())
                .run(user, options.concurrency(), options.warmup(), options.duration());
        launchRows(grpc);
        drain(user, rest.launched() + grpc.launched());
        cpuRow(Phase.LAUNCH.tag() + " gRPC", cpu, grpc.launched());
    }

    private void launchRows(LaunchResult result) {
        report.row(Phase.LAUNCH.tag(), result.protocol(), "%,.0f launches/s, p50/p95/p99 %s".formatted(
                result.perSecond(), result.latency().millis()));
        if (result.refused().total() > 0) {
            report.note("(b) %s: not accepted %s".formatted(result.protocol(), result.refused()));
        }
    }

    /** Lets the runs of phase (b) finish before the next phase measures anything. */
    private void drain(BenchUser user, long launched) {
        if (target.mongoUri() == null) {
            report.note("no --mongo-uri: the runs of (b) were not waited for before the next phase");
            return;
        }
        System.out.printf("    waiting for the %,d runs launched in (b) to finish ...%n", launched);
        try (RunStore store = new RunStore(target.mongoUri(), target.mongoDatabase(), target.kafka())) {
            long finished = store.awaitTerminal(user.id(), launched, options.drainTimeout());
            if (finished < launched) {
                report.note("%,d runs launched in (b) were unfinished %s later; the next phase ran with them queued"
                        .formatted(launched - finished, seconds(options.drainTimeout())));
            }
        }
    }

    private void endToEnd() throws InterruptedException {
        if (target.mongoUri() == null) {
            report.note("(c) skipped: no --mongo-uri given for the running stack");
            return;
        }
        BenchUser user = gateway.newUser("e2e");
        try (RunStore store = new RunStore(target.mongoUri(), target.mongoDatabase(), target.kafka());
             Launcher launcher = launcher(user)) {
            CpuWindow cpu = new CpuWindow();
            endToEnd = new EndToEndThroughput(launcher, store, target.kafka()).run(user, options.batchSize(),
                    options.batchesInFlight(), options.backlog(), options.duration(), options.drainTimeout(),
                    cpu::end);
            String phase = Phase.END_TO_END.tag();
            report.row(phase, "launch -> SUCCEEDED in MongoDB", "%,.0f runs/s".formatted(endToEnd.runsPerSecond()));
            report.row(phase, "setup", "%,d runs in %.1f s; launched at %,.0f runs/s %s, at most %,d not yet ended"
                    .formatted(endToEnd.succeeded(), endToEnd.elapsed().toMillis() / 1000.0,
                            endToEnd.launchPerSecond(), launcher.usesBatch()
                                    ? "in batches of %d, %d in flight".formatted(options.batchSize(),
                                    options.batchesInFlight()) : "by single launches",
                            options.backlog()));
            cpuRow(phase, cpu, endToEnd.succeeded());
            if (kafka != null) {
                report.row("(c)/(a)", "end-to-end runs/s over raw Kafka records/s", "%.2f %%".formatted(
                        100 * endToEnd.runsPerSecond() / kafka.recordsPerSecond()));
            }
            if (endToEnd.unfinished() > 0 || endToEnd.succeeded() < endToEnd.launched()
                    || endToEnd.refused().total() > 0) {
                report.note("(c) %,d launched, %,d succeeded, %,d unfinished after %s; not accepted %s".formatted(
                        endToEnd.launched(), endToEnd.succeeded(), endToEnd.unfinished(),
                        seconds(options.drainTimeout()), endToEnd.refused()));
            }
        }
    }

    private void latencies() {
        if (target.mongoUri() == null) {
            report.note("(d) skipped: no --mongo-uri given for the running stack");
            return;
        }
        try (RunStore store = new RunStore(target.mongoUri(), target.mongoDatabase(), target.kafka())) {
            for (int rate : options.rates()) {
                BenchUser user = gateway.newUser("rate" + rate);
                try (Launcher launcher = launcher(user)) {
                    CpuWindow cpu = new CpuWindow();
                    LatencyAtRate.Result result = new LatencyAtRate(launcher, store)
                            .run(user, rate, options.batchSize(), options.duration(), options.drainTimeout(),
                                    cpu::end);
                    latencyRows(result);
                    cpuRow(Phase.LATENCY.tag() + " " + rate + "/s", cpu, result.accepted());
                }
            }
        }
    }

    private void latencyRows(LatencyAtRate.Result result) {
        report.row(Phase.LATENCY.tag(), "offered %,d runs/s".formatted(result.offered()),
                ("accepted %,.0f/s, succeeded %,.0f/s; launch -> finished p50/p95/p99 %s; launch -> recorded %s; "
                        + "createdAt -> finishedAt %s").formatted(result.acceptedPerSecond(),
                        result.succeededPerSecond(), result.toFinished().millis(), result.toRecorded().millis(),
                        result.createdToFinished().millis()));
        if (result.notSent() > 0 || result.unfinished() > 0 || result.refused().total() > 0) {
            report.note(("(d) at %,d runs/s: %,d of %,d scheduled launches not sent (%d requests already waiting), "
                    + "%,d unfinished after %s, not accepted %s").formatted(result.offered(), result.notSent(),
                    result.scheduled(), LatencyAtRate.MAX_OUTSTANDING_REQUESTS, result.unfinished(),
                    seconds(options.drainTimeout()), result.refused()));
        }
    }

    private void memory() {
        if (!PeakRss.available()) {
            report.note("(e) skipped: no /proc on this system");
            return;
        }
        for (PeakRss.Usage usage : PeakRss.measure(measuredProcesses())) {
            report.row(Phase.MEMORY.tag(), usage.name(), "peak %,d MiB (now %,d MiB)%s".formatted(
                    usage.peakKib() / 1024, usage.nowKib() / 1024, usage.processes() > 1
                            ? ", sum over %d processes, shared memory counted in each".formatted(usage.processes())
                            : ""));
        }
    }

    private List<MeasuredProcess> measuredProcesses() {
        List<MeasuredProcess> processes = new ArrayList<>(target.processes().get());
        processes.add(new MeasuredProcess("bench client (this JVM)", ProcessHandle.current().pid(), false));
        return processes;
    }

    /**
     * Where the CPU went while the runs of a phase were launched and executed: milliseconds per run of each process,
     * and how busy the machine's cores were. The figure that says which service to make cheaper.
     */
    private void cpuRow(String phase, CpuWindow window, long runs) {
        window.end();
        if (window.start == null || runs == 0) {
            return;
        }
        long wallMillis = Math.max(1, (window.endNanos - window.startNanos) / 1_000_000);
        CpuTime.Reading now = window.end;
        Map<String, Duration> used = now.since(window.start);
        long totalMillis = used.values().stream().mapToLong(Duration::toMillis).sum();
        long jitMillis = now.jitCompilersSince(window.start).toMillis();
        String byProcess = used.entrySet().stream()
                .filter(entry -> entry.getValue().toMillis() > 0)
                .map(entry -> "%s %.2f".formatted(entry.getKey(), entry.getValue().toMillis() / (double) runs))
                .collect(Collectors.joining(", "));
        report.row(phase, "CPU ms per run (%,d runs)".formatted(runs),
                ("%.2f in all: %s; cores %.0f %% busy over %.1f s; JIT compiler threads %.0f %% of the CPU;"
                        + " %s").formatted(
                        totalMillis / (double) runs, byProcess,
                        100.0 * totalMillis / wallMillis / Runtime.getRuntime().availableProcessors(),
                        wallMillis / 1000.0, 100.0 * jitMillis / Math.max(1, totalMillis),
                        stoppedForGc(window, wallMillis)));
    }

    /** The JVMs stopped for garbage collection at least 1 % of the window: a stopped service holds up the pipeline. */
    private static String stoppedForGc(CpuWindow window, long wallMillis) {
        String stopped = window.gcEnd.entrySet().stream()
                .filter(entry -> window.gcStart.containsKey(entry.getKey()))
                .map(entry -> Map.entry(entry.getKey(),
                        100.0 * entry.getValue().minus(window.gcStart.get(entry.getKey())).toMillis() / wallMillis))
                .filter(entry -> entry.getValue() >= 1)
                .map(entry -> "%s %.0f %%".formatted(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
        return stopped.isEmpty() ? "no JVM stopped for GC as much as 1 % of the time" : "stopped for GC: " + stopped;
    }

    /** CPU readings (none where /proc is missing) and GC pause totals at the start and the end of a measured window. */
    private final class CpuWindow {
        /** Listed once: the stack's processes stay the same over a window (each reading finds their children). */
        private final List<MeasuredProcess> processes = measuredProcesses();
        private final CpuTime.Reading start = CpuTime.available() ? CpuTime.read(processes) : null;
        private final Map<String, Duration> gcStart = GcPauses.read(processes);
        private final long startNanos = System.nanoTime();
        private boolean ended;
        private CpuTime.Reading end;
        private Map<String, Duration> gcEnd = Map.of();
        private long endNanos;

        /**
         * The window ends when the phase's runs have ended (the first call): reading their times back from MongoDB
         * afterwards is the benchmark's own work, not the pipeline's.
         */
        void end() {
            if (!ended) {
                ended = true;
                endNanos = System.nanoTime();
                end = start == null ? null : CpuTime.read(processes);
                gcEnd = GcPauses.read(processes);
            }
        }
    }

    private Launcher launcher(BenchUser user) {
        Launcher launcher = gateway.launcher(user);
        if (!launcher.usesBatch() && !batchFallbackNoted) {
            batchFallbackNoted = true;
            report.note("POST /api/launches is not served (404): (c) and (d) fell back to concurrent single launches");
        }
        return launcher;
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + " s";
    }
}
