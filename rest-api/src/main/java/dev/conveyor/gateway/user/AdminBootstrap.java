package dev.conveyor.gateway.user;

import dev.conveyor.gateway.auth.PasswordHasher;
import dev.conveyor.gateway.problem.Constraints;
import dev.conveyor.gateway.support.Times;
import dev.conveyor.gateway.support.Uuids;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates the configured admin on first start. Idempotent: an existing account is left alone (its password is
 * not reset), and when several instances start at once the unique email constraint lets exactly one win.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final String email;
    private final String password;
    private final String name;

    public AdminBootstrap(UserRepository users, PasswordHasher hasher,
                          @ConfigProperty(name = "conveyor.admin.email") String email,
                          @ConfigProperty(name = "conveyor.admin.password") String password,
                          @ConfigProperty(name = "conveyor.admin.name") String name) {
        this.users = users;
        this.hasher = hasher;
        this.email = User.normalizeEmail(email);
        this.password = password;
        this.name = name;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        // Startup runs on the main thread, so waiting here is fine; the pipeline itself needs a Vert.x context.
        VertxContextSupport.subscribeAndAwait(this::ensureAdmin);
    }

    Uni<Void> ensureAdmin() {
        return Panache.withSession(() -> users.findByEmail(email))
                .chain(existing -> existing != null ? Uni.createFrom().voidItem() : create());
    }

    private Uni<Void> create() {
        return hasher.hash(password)
                .chain(hash -> Panache.withTransaction(() -> users.persist(admin(hash))))
                // Its id only: emails, like names and passwords, never go to the logs (observability/LOGS.md).
                .invoke(admin -> LOG.infof("Created the admin account %s", admin.id))
                .replaceWithVoid()
                .onFailure(f -> Constraints.violated(f, UserRepository.EMAIL_UNIQUE))
                .recoverWithItem(() -> {
                    LOG.info("The admin account was created by another instance");
                    return null;
                });
    }

    private User admin(String hash) {
        User admin = new User();
        admin.id = Uuids.v7();
        admin.name = name;
        admin.email = email;
        admin.passwordHash = hash;
        admin.role = Role.ADMIN;
        admin.createdAt = Times.now();
        admin.updatedAt = admin.createdAt;
        return admin;
    }
}
