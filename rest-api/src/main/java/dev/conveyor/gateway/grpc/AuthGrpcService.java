package dev.conveyor.gateway.grpc;

import dev.conveyor.gateway.auth.LoginRequest;
import dev.conveyor.gateway.auth.LoginService;
import dev.conveyor.proto.LoginReply;
import dev.conveyor.proto.MutinyAuthServiceGrpc;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;

@GrpcService
public class AuthGrpcService extends MutinyAuthServiceGrpc.AuthServiceImplBase {

    private final LoginService login;

    public AuthGrpcService(LoginService login) {
        this.login = login;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return MalformedMessages.refusedAsInvalidArgument(super.bindService());
    }

    @Override
    @PermitAll
    public Uni<LoginReply> login(dev.conveyor.proto.LoginRequest request) {
        return login.login(new LoginRequest(request.getEmail(), request.getPassword()))
                .map(token -> LoginReply.newBuilder()
                        .setAccessToken(token.accessToken())
                        .setTokenType(token.tokenType())
                        .setExpiresInSeconds(token.expiresIn())
                        .build());
    }
}
