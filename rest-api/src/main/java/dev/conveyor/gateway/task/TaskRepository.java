package dev.conveyor.gateway.task;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {

    public static final String TITLE_UNIQUE = "task_owner_title_key";
    public static final String OWNER_EXISTS = "task_owner_id_fkey";

    public Uni<Boolean> titleTaken(UUID ownerId, String title, UUID except) {
        return count("ownerId = ?1 and title = ?2 and id <> ?3", ownerId, title, except).map(n -> n > 0);
    }
}
