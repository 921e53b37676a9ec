package dev.conveyor.gateway.user;

import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/users")
@Tag(name = "Users")
@RolesAllowed("ADMIN")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserService users;
    private final Callers callers;

    public UserResource(UserService users, Callers callers) {
        this.users = users;
        this.callers = callers;
    }

    @POST
    @Operation(summary = "Create a user", description = "Admin only. The email must be unused (case-insensitive).")
    @APIResponse(responseCode = "201", description = "Created; Location points at the user",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "409", description = "Email already used")
    public Uni<RestResponse<UserView>> create(UserCreate request) {
        return users.create(request)
                .map(user -> RestResponse.ResponseBuilder.<UserView>created(URI.create("/api/users/" + user.id()))
                        .entity(user).build());
    }

    @GET
    @Operation(summary = "List users", description = "Admin only. Paginated: page is 0-based, size 1..100 (default 20).")
    @APIResponse(responseCode = "200", description = "One page of users")
    @APIResponse(responseCode = "400", description = "Invalid page or size")
    public Uni<Paged<UserView>> list(@RestQuery String page, @RestQuery String size) {
        return Uni.createFrom().item(() -> PageRequest.parse(page, size)).chain(users::list);
    }

    @GET
    @Path("{id}")
    @Authenticated
    @Operation(summary = "Get a user", description = "An admin can read any user; others only themselves.")
    @APIResponse(responseCode = "200", description = "The user")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<UserView> get(@RestPath UUID id) {
        return callers.current().chain(caller -> users.get(caller, id));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Update a user", description = "Admin only. An absent password or role keeps the current one.")
    @APIResponse(responseCode = "200", description = "The updated user")
    @APIResponse(responseCode = "400", description = "Invalid fields")
    @APIResponse(responseCode = "404", description = "No such user")
    @APIResponse(responseCode = "409", description = "Email already used by another user")
    public Uni<UserView> update(@RestPath UUID id, UserUpdate request) {
        return users.update(id, request);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a user", description = "Admin only. Deletes the user's tasks too.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such user")
    public Uni<Void> delete(@RestPath UUID id) {
        return users.delete(id);
    }
}
