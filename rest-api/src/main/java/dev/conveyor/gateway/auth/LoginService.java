package dev.conveyor.gateway.auth;

import dev.conveyor.gateway.problem.ApiException;
import dev.conveyor.gateway.problem.ProblemKind;
import dev.conveyor.gateway.problem.Validation;
import dev.conveyor.gateway.support.Blocking;
import dev.conveyor.gateway.user.User;
import dev.conveyor.gateway.user.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Exchanges an email and password for an access token, within the {@link LoginThrottle} limit. */
@ApplicationScoped
public class LoginService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenIssuer tokens;
    private final Validation validation;
    private final LoginThrottle throttle;

    public LoginService(UserRepository users, PasswordHasher hasher, TokenIssuer tokens, Validation validation,
                        LoginThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = tokens;
        this.validation = validation;
        this.throttle = throttle;
    }

    public Uni<TokenResponse> login(LoginRequest request) {
        return validation.check(request)
                .map(valid -> User.normalizeEmail(valid.email()))
                .call(throttle::attempt)
                .chain(email -> Panache.withSession(() -> users.findByEmail(email))
                        .chain(user -> hasher.matches(request.password(), user == null ? null : user.passwordHash)
                                .chain(matches -> matches
                                        ? throttle.succeeded(email).chain(() -> issue(user))
                                        : Uni.createFrom().failure(badCredentials()))));
    }

    private Uni<TokenResponse> issue(User user) {
        return Blocking.offload(() -> tokens.issue(user));
    }

    /** The same answer whether the email is unknown or the password wrong. */
    private static ApiException badCredentials() {
        return new ApiException(ProblemKind.UNAUTHENTICATED, "Invalid email or password");
    }
}
