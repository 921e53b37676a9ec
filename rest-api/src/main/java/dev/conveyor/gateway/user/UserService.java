package dev.conveyor.gateway.user;

import dev.conveyor.gateway.auth.Caller;
import dev.conveyor.gateway.auth.PasswordHasher;
import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.Constraints;
import dev.conveyor.gateway.problem.ProblemKind;
import dev.conveyor.gateway.problem.Validation;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.support.Paged;
import dev.conveyor.gateway.support.Times;
import dev.conveyor.gateway.support.Uuids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.UUID;

/** User management rules, shared by the REST resource and the gRPC service. Authorization: see each method. */
@ApplicationScoped
public class UserService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Validation validation;

    public UserService(UserRepository users, PasswordHasher hasher, Validation validation) {
        this.users = users;
        this.hasher = hasher;
        this.validation = validation;
    }

    /** Admin only (enforced by the endpoints). */
    public Uni<UserView> create(UserCreate request) {
        return validation.check(request)
                .chain(valid -> Panache.withSession(() -> ensureEmailFree(valid.email(), null)))
                .chain(() -> hasher.hash(request.password()))
                .chain(hash -> Panache.withTransaction(() -> users.persist(newUser(request, hash))))
                .onFailure(f -> Constraints.violated(f, UserRepository.EMAIL_UNIQUE))
                .transform(f -> emailTaken(request.email()))
                .map(UserView::of);
    }

    /** Admin, or the user themself. */
    public Uni<UserView> get(Caller caller, UUID id) {
        if (!caller.canAccess(id)) {
            return Uni.createFrom().failure(new ApiException(ProblemKind.FORBIDDEN,
                    "Only an admin can read another user's account"));
        }
        return Panache.withSession(() -> find(id)).map(UserView::of);
    }

    /** Admin only. */
    public Uni<Paged<UserView>> list(PageRequest page) {
        return Panache.withSession(() -> {
            var query = users.findAll(Sort.by("createdAt").and("id")).page(Page.of(page.page(), page.size()));
            return query.list().chain(items -> query.count()
                    .map(total -> new Paged<>(items.stream().map(UserView::of).toList(), total, page.page(), page.size())));
        });
    }

    /** Admin only. */
    public Uni<UserView> update(UUID id, UserUpdate request) {
        return validation.check(request)
                .chain(valid -> Panache.withSession(() -> find(id).chain(() -> ensureEmailFree(valid.email(), id))))
                .chain(() -> request.password() == null ? Uni.createFrom().<String>nullItem() : hasher.hash(request.password()))
                .chain(hash -> Panache.withTransaction(() -> find(id).invoke(user -> apply(user, request, hash))))
                .onFailure(f -> Constraints.violated(f, UserRepository.EMAIL_UNIQUE))
                .transform(f -> emailTaken(request.email()))
                .map(UserView::of);
    }

    /** Admin only. The user's tasks go with them (ON DELETE CASCADE). */
    public Uni<Void> delete(UUID id) {
        return Panache.withTransaction(() -> users.deleteById(id))
                .chain(deleted -> deleted ? Uni.createFrom().voidItem() : Uni.createFrom().failure(notFound(id)));
    }

    private Uni<User> find(UUID id) {
        return users.findById(id).onItem().ifNull().failWith(() -> notFound(id));
    }

    private Uni<Void> ensureEmailFree(String email, UUID owner) {
        return users.findByEmail(email)
                .chain(existing -> existing == null || existing.id.equals(owner)
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(emailTaken(email)));
    }

    private static User newUser(UserCreate request, String hash) {
        User user = new User();
        user.id = Uuids.v7();
        user.name = request.name().trim();
        user.email = User.normalizeEmail(request.email());
        user.passwordHash = hash;
        user.role = Objects.requireNonNullElse(request.role(), Role.REGISTERED);
        user.createdAt = Times.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    private static void apply(User user, UserUpdate request, String newHash) {
        user.name = request.name().trim();
        user.email = User.normalizeEmail(request.email());
        if (newHash != null) {
            user.passwordHash = newHash;
        }
        if (request.role() != null) {
            user.role = request.role();
        }
        user.updatedAt = Times.now();
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("User", id);
    }

    private static ApiException emailTaken(String email) {
        return new ApiException(ProblemKind.CONFLICT, "A user with email " + User.normalizeEmail(email) + " already exists");
    }
}
