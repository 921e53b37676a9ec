package dev.conveyor.bench.launch;

import dev.conveyor.bench.api.BenchUser;
import dev.conveyor.bench.stats.Latencies;
import dev.conveyor.bench.stats.Refusals;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase (b) over gRPC: {@code RunService.Launch} with the async stub on one HTTP/2 channel, {@code clients} calls
 * in flight, each followed by the next as soon as it is answered.
 */
public final class GrpcLaunches {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(30);

    private final String target;

    public GrpcLaunches(String target) {
        this.target = target;
    }

    public LaunchResult run(BenchUser user, int clients, Duration warmup, Duration duration)
            throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + user.token());
            RunServiceGrpc.RunServiceStub stub = RunServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            Loop loop = new Loop(stub, LaunchRequest.newBuilder().setTaskId(user.taskId()).build(), clients,
                    System.nanoTime() + warmup.toNanos(), duration);
            loop.start();
            if (!loop.finished.await(warmup.plus(duration).plus(CALL_DEADLINE).toSeconds() + 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gRPC launches still unanswered long after the phase ended");
            }
            Latencies.Summary summary = loop.latencies.summary();
            return new LaunchResult("gRPC (async stub, 1 channel), " + clients + " calls in flight", summary.count(),
                    summary.count() / (duration.toNanos() / 1e9), summary, loop.launched.sum(), loop.refused);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The closed loop: every answer starts the caller's next call until the end of the phase. */
    private static final class Loop {

        private final RunServiceGrpc.RunServiceStub stub;
        private final LaunchRequest request;
        private final int clients;
        private final long measureFrom;
        private final long end;
        private final Latencies latencies = new Latencies();
        private final Refusals refused = new Refusals();
        private final LongAdder launched = new LongAdder();
        private final CountDownLatch finished;

        Loop(RunServiceGrpc.RunServiceStub stub, LaunchRequest request, int clients, long measureFrom,
             Duration duration) {
            this.stub = stub;
            this.request = request;
            this.clients = clients;
            this.measureFrom = measureFrom;
            this.end = measureFrom + duration.toNanos();
            this.finished = new CountDownLatch(clients);
        }

        void start() {
            for (int i = 0; i < clients; i++) {
                next();
            }
        }

        private void next() {
            long sent = System.nanoTime();
            if (sent >= end) {
                finished.countDown();
                return;
            }
            boolean measured = sent >= measureFrom;
            stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).launch(request,
                    new StreamObserver<>() {
                        @Override
                        public void onNext(Run run) {
                            long elapsed = System.nanoTime() - sent;
                            launched.increment();
                            if (measured) {
                                latencies.add(elapsed);
                            }
                        }

                        @Override
                        public void onError(Throwable error) {
                            if (measured) {
                                refused.count(Status.fromThrowable(error).getCode().name());
                            }
                            next();
                        }

                        @Override
                        public void onCompleted() {
                            next();
                        }
                    });
        }
    }
}
