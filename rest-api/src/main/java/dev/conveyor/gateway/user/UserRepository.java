package dev.conveyor.gateway.user;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public static final String EMAIL_UNIQUE = "app_user_email_key";

    public Uni<User> findByEmail(String email) {
        return find("email", User.normalizeEmail(email)).firstResult();
    }
}
