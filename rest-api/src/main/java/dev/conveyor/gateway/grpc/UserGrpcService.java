package dev.conveyor.gateway.grpc;

import com.google.protobuf.Empty;
import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.user.UserCreate;
import dev.conveyor.gateway.user.UserService;
import dev.conveyor.gateway.user.UserUpdate;
import dev.conveyor.proto.CreateUserRequest;
import dev.conveyor.proto.MutinyUserServiceGrpc;
import dev.conveyor.proto.UpdateUserRequest;
import dev.conveyor.proto.User;
import dev.conveyor.proto.UserId;
import dev.conveyor.proto.UserPage;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

/** The gRPC face of {@link UserService}; the same roles as the REST resource. */
@GrpcService
@RolesAllowed("ADMIN")
public class UserGrpcService extends MutinyUserServiceGrpc.UserServiceImplBase {

    private final UserService users;
    private final Callers callers;

    public UserGrpcService(UserService users, Callers callers) {
        this.users = users;
        this.callers = callers;
    }

    /** Called once at startup, outside any call: the class-level security applies to the RPCs only. */
    @Override
    @PermitAll
    public ServerServiceDefinition bindService() {
        return MalformedMessages.refusedAsInvalidArgument(super.bindService());
    }

    @Override
    public Uni<User> createUser(CreateUserRequest request) {
        return users.create(new UserCreate(request.getName(), request.getEmail(), request.getPassword(),
                        Protos.role(request.getRole())))
                .map(Protos::user);
    }

    @Override
    @Authenticated
    public Uni<User> getUser(UserId request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(id -> callers.current().chain(caller -> users.get(caller, id)))
                .map(Protos::user);
    }

    @Override
    public Uni<UserPage> listUsers(dev.conveyor.proto.PageRequest request) {
        return Uni.createFrom().item(() -> PageRequest.of(request.getPage(), request.getSize()))
                .chain(users::list)
                .map(page -> UserPage.newBuilder()
                        .addAllUsers(page.items().stream().map(Protos::user).toList())
                        .setTotal(page.total())
                        .setPage(page.page())
                        .setSize(page.size())
                        .build());
    }

    @Override
    public Uni<User> updateUser(UpdateUserRequest request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(id -> users.update(id, new UserUpdate(request.getName(), request.getEmail(),
                        Protos.emptyToNull(request.getPassword()), Protos.role(request.getRole()))))
                .map(Protos::user);
    }

    @Override
    public Uni<Empty> deleteUser(UserId request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(users::delete)
                .replaceWith(Empty.getDefaultInstance());
    }
}
