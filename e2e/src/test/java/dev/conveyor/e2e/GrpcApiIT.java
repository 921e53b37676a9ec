package dev.conveyor.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conveyor.infra.control.ConveyorStack;
import dev.conveyor.proto.AuthServiceGrpc;
import dev.conveyor.proto.CreateTaskRequest;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.ListRunsRequest;
import dev.conveyor.proto.LoginRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunId;
import dev.conveyor.proto.RunServiceGrpc;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Task;
import dev.conveyor.proto.TaskDefinition;
import dev.conveyor.proto.TaskServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway's gRPC API, with a plain grpc-java client as any non-Java-team client would use it. */
class GrpcApiIT {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static ConveyorStack stack;
    private static ManagedChannel channel;
    private static String userToken;

    @BeforeAll
    static void connect() {
        stack = RunningStack.get();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.gateway().port()).usePlaintext().build();
        RestClient rest = new RestClient(stack.gateway().url());
        String email = "grace-" + UUID.randomUUID() + "@example.com";
        rest.createUser(rest.login(RunningStack.ADMIN_EMAIL, RunningStack.ADMIN_PASSWORD), "Grace", email,
                "correct-horse-battery");
        userToken = AuthServiceGrpc.newBlockingStub(channel)
                .login(LoginRequest.newBuilder().setEmail(email).setPassword("correct-horse-battery").build())
                .getAccessToken();
    }

    @AfterAll
    static void disconnect() {
        channel.shutdownNow();
    }

    private static <S extends AbstractStub<S>> S authenticated(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Test
    void defineLaunchAndWatchARunOverGrpc() {
        var tasks = authenticated(TaskServiceGrpc.newBlockingStub(channel), userToken);
        var runs = authenticated(RunServiceGrpc.newBlockingStub(channel), userToken);

        Task task = tasks.createTask(CreateTaskRequest.newBuilder().setDefinition(TaskDefinition.newBuilder()
                .setTitle("grpc primes").setAction("primes").setInputJson("{\"limit\": 1000}")).build());
        Run queued = runs.launch(LaunchRequest.newBuilder().setTaskId(task.getId()).build());
        assertThat(queued.getStatus()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.getTaskId()).isEqualTo(task.getId());

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(runs.getRun(RunId.newBuilder().setId(queued.getId()).build()).getStatus())
                        .isEqualTo(RunStatus.SUCCEEDED));
        Run done = runs.getRun(RunId.newBuilder().setId(queued.getId()).build());
        assertThat(done.getResultJson()).containsPattern("\"count\"\\s*:\\s*168\\b");
        assertThat(done.getTransitionsList()).extracting(t -> t.getStatus())
                .containsExactly(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED);
        assertThat(runs.listRuns(ListRunsRequest.newBuilder().setSize(50).build()).getRunsList())
                .extracting(Run::getId).contains(queued.getId());
    }

    @Test
    void callsWithoutAValidTokenAreUnauthenticated() {
        var anonymous = TaskServiceGrpc.newBlockingStub(channel);
        assertThatThrownBy(() -> anonymous.createTask(CreateTaskRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        var forged = authenticated(RunServiceGrpc.newBlockingStub(channel), "not-a-jwt");
        assertThatThrownBy(() -> forged.getRun(RunId.newBuilder().setId(UUID.randomUUID().toString()).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void invalidInputIsRejectedWithTheReason() {
        var tasks = authenticated(TaskServiceGrpc.newBlockingStub(channel), userToken);
        assertThatThrownBy(() -> tasks.createTask(CreateTaskRequest.newBuilder().setDefinition(TaskDefinition
                .newBuilder().setTitle("bad").setAction("no-such-action").setInputJson("{}")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("no-such-action");
                });
    }

    /** What grpcurl and other generic tools do first: list the services through server reflection. */
    @Test
    void serverReflectionListsThePublicServices() throws Exception {
        CompletableFuture<List<String>> services = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        services.complete(response.getListServicesResponse().getServiceList().stream()
                                .map(ServiceResponse::getName).toList());
                    }

                    @Override
                    public void onError(Throwable failure) {
                        services.completeExceptionally(failure);
                    }

                    @Override
                    public void onCompleted() {
                        services.completeExceptionally(new IllegalStateException("no reflection answer"));
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        try {
            assertThat(services.get(30, TimeUnit.SECONDS)).contains("conveyor.v1.AuthService",
                    "conveyor.v1.UserService", "conveyor.v1.TaskService", "conveyor.v1.RunService");
        } finally {
            requests.onCompleted();
        }
    }
}
