package dev.conveyor.bench.launch;

import dev.conveyor.bench.api.BenchUser;
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
import java.util.concurrent.TimeUnit;

/**
 * Phase (b) over gRPC: {@code RunService.Launch} with the async stub on one HTTP/2 channel, {@code clients} calls
 * in flight ({@link ClosedLoop}).
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
        // The callbacks only start the next call, so they run on the channel's event loop, not a pool's thread.
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().directExecutor().build();
        try {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + user.token());
            RunServiceGrpc.RunServiceStub stub = RunServiceGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            LaunchRequest request = LaunchRequest.newBuilder().setTaskId(user.taskId()).build();
            ClosedLoop.Launch launch = answer -> stub.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .launch(request, new StreamObserver<>() {
                        @Override
                        public void onNext(Run run) {
                        }

                        @Override
                        public void onError(Throwable error) {
                            answer.refused(Status.fromThrowable(error).getCode().name());
                        }

                        @Override
                        public void onCompleted() {
                            answer.accepted();
                        }
                    });
            return new ClosedLoop(launch, clients, warmup, duration, CALL_DEADLINE)
                    .run(() -> "gRPC (async stub, 1 channel), " + clients + " calls in flight");
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
