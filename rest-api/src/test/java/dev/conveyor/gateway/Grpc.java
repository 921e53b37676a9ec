package dev.conveyor.gateway;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import org.eclipse.microprofile.config.ConfigProvider;

/** gRPC client helpers shared by the tests. */
final class Grpc {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private Grpc() {
    }

    /** A plaintext channel to the application under test, one for the test JVM as a client keeps one. */
    static ManagedChannel channel() {
        return Shared.CHANNEL;
    }

    /** The stub with "authorization: Bearer <token>" on every call. */
    static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static final class Shared {
        static final ManagedChannel CHANNEL = ManagedChannelBuilder
                .forAddress("localhost", ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class))
                .usePlaintext()
                .build();
    }
}
