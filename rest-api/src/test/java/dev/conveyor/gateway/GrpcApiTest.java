package dev.conveyor.gateway;

import static dev.conveyor.gateway.Api.ADMIN_EMAIL;
import static dev.conveyor.gateway.Api.ADMIN_PASSWORD;
import static dev.conveyor.gateway.Grpc.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conveyor.proto.AuthServiceGrpc;
import dev.conveyor.proto.CreateTaskRequest;
import dev.conveyor.proto.LaunchRequest;
import dev.conveyor.proto.LoginRequest;
import dev.conveyor.proto.Run;
import dev.conveyor.proto.RunId;
import dev.conveyor.proto.RunServiceGrpc;
import dev.conveyor.proto.RunStatus;
import dev.conveyor.proto.Task;
import dev.conveyor.proto.TaskDefinition;
import dev.conveyor.proto.TaskId;
import dev.conveyor.proto.TaskServiceGrpc;
import dev.conveyor.proto.UserId;
import dev.conveyor.proto.UserServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The gRPC API on the HTTP port, called by a plain grpc-java client as any other client would. */
@QuarkusTest
class GrpcApiTest {

    private final ManagedChannel channel = Grpc.channel();

    @Test
    void loginCreateTaskAndLaunchWithTheTokenInMetadata() {
        String token = AuthServiceGrpc.newBlockingStub(channel)
                .login(LoginRequest.newBuilder().setEmail(ADMIN_EMAIL).setPassword(ADMIN_PASSWORD).build())
                .getAccessToken();

        Task task = withToken(TaskServiceGrpc.newBlockingStub(channel), token)
                .createTask(CreateTaskRequest.newBuilder().setDefinition(TaskDefinition.newBuilder()
                        .setTitle("grpc " + UUID.randomUUID())
                        .setAction("primes")
                        .setInputJson("{\"limit\": 100}")).build());
        assertEquals(3, task.getMaxAttempts());

        var runs = withToken(RunServiceGrpc.newBlockingStub(channel), token);
        Run run = runs.launch(LaunchRequest.newBuilder().setTaskId(task.getId()).setIdempotencyKey("grpc-key").build());
        assertEquals(RunStatus.QUEUED, run.getStatus());
        assertEquals(task.getId(), run.getTaskId());
        assertEquals(run.getId(),
                runs.launch(LaunchRequest.newBuilder().setTaskId(task.getId()).setIdempotencyKey("grpc-key").build()).getId());
        assertEquals(run.getId(), runs.getRun(RunId.newBuilder().setId(run.getId()).build()).getId());
    }

    @Test
    void errorsAreStatusCodesWithPreciseDescriptions() {
        String token = Api.newUser().token();
        var tasks = withToken(TaskServiceGrpc.newBlockingStub(channel), token);

        StatusRuntimeException invalid = assertThrows(StatusRuntimeException.class, () -> tasks.createTask(
                CreateTaskRequest.newBuilder().setDefinition(TaskDefinition.newBuilder()
                        .setTitle("t").setAction("primes").setInputJson("{\"limit\": 1}")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getStatus().getCode());
        assertTrue(invalid.getStatus().getDescription().startsWith("input.limit: "), invalid.getStatus().getDescription());

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> tasks.getTask(TaskId.newBuilder().setId(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());

        StatusRuntimeException forbidden = assertThrows(StatusRuntimeException.class,
                () -> withToken(UserServiceGrpc.newBlockingStub(channel), token)
                        .deleteUser(UserId.newBuilder().setId(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.PERMISSION_DENIED, forbidden.getStatus().getCode());
    }

    @Test
    void callsWithoutAValidTokenAreUnauthenticated() {
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
                () -> TaskServiceGrpc.newBlockingStub(channel).getTask(TaskId.newBuilder().setId(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());

        StatusRuntimeException forged = assertThrows(StatusRuntimeException.class,
                () -> withToken(TaskServiceGrpc.newBlockingStub(channel), "forged.token.value")
                        .getTask(TaskId.newBuilder().setId(UUID.randomUUID().toString()).build()));
        assertEquals(Status.Code.UNAUTHENTICATED, forged.getStatus().getCode());

        StatusRuntimeException badLogin = assertThrows(StatusRuntimeException.class,
                () -> AuthServiceGrpc.newBlockingStub(channel)
                        .login(LoginRequest.newBuilder().setEmail(ADMIN_EMAIL).setPassword("wrong-password").build()));
        assertEquals(Status.Code.UNAUTHENTICATED, badLogin.getStatus().getCode());
        assertEquals("Invalid email or password", badLogin.getStatus().getDescription());
    }

    @Test
    void bytesThatAreNotAMessageAreTheClientsFault() {
        MethodDescriptor<byte[], byte[]> login = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("conveyor.v1.AuthService/Login")
                .setRequestMarshaller(RawBytes.INSTANCE)
                .setResponseMarshaller(RawBytes.INSTANCE)
                .build();
        // Field 1, length-delimited, announcing 127 bytes that never come.
        byte[] truncated = {0x0a, 0x7f, 0x01};
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel.newCall(login, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)), truncated));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    }

    /** Sends bytes as they are, which no generated stub would. */
    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
