package dev.conveyor.gateway.grpc;

import com.google.protobuf.Empty;
import dev.conveyor.gateway.auth.Callers;
import dev.conveyor.gateway.support.PageRequest;
import dev.conveyor.gateway.task.TaskFilter;
import dev.conveyor.gateway.task.TaskService;
import dev.conveyor.proto.CreateTaskRequest;
import dev.conveyor.proto.ListTasksRequest;
import dev.conveyor.proto.MutinyTaskServiceGrpc;
import dev.conveyor.proto.Task;
import dev.conveyor.proto.TaskId;
import dev.conveyor.proto.TaskPage;
import dev.conveyor.proto.UpdateTaskRequest;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;

/** The gRPC face of {@link TaskService}. */
@GrpcService
@Authenticated
public class TaskGrpcService extends MutinyTaskServiceGrpc.TaskServiceImplBase {

    private final TaskService tasks;
    private final Callers callers;
    private final Protos protos;

    public TaskGrpcService(TaskService tasks, Callers callers, Protos protos) {
        this.tasks = tasks;
        this.callers = callers;
        this.protos = protos;
    }

    /** Called once at startup, outside any call: the class-level security applies to the RPCs only. */
    @Override
    @PermitAll
    public ServerServiceDefinition bindService() {
        return MalformedMessages.refusedAsInvalidArgument(super.bindService());
    }

    @Override
    public Uni<Task> createTask(CreateTaskRequest request) {
        return Uni.createFrom().item(() -> protos.definition(request.getDefinition()))
                .chain(definition -> callers.current().chain(caller -> tasks.create(caller, definition)))
                .map(protos::task);
    }

    @Override
    public Uni<Task> getTask(TaskId request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(id -> callers.current().chain(caller -> tasks.get(caller, id)))
                .map(protos::task);
    }

    @Override
    public Uni<TaskPage> listTasks(ListTasksRequest request) {
        TaskFilter filter = new TaskFilter(Protos.emptyToNull(request.getAction()), Protos.priority(request.getPriority()));
        return Uni.createFrom().item(() -> PageRequest.of(request.getPage(), request.getSize()))
                .chain(page -> callers.current().chain(caller -> tasks.list(caller, page, filter)))
                .map(page -> TaskPage.newBuilder()
                        .addAllTasks(page.items().stream().map(protos::task).toList())
                        .setTotal(page.total())
                        .setPage(page.page())
                        .setSize(page.size())
                        .build());
    }

    @Override
    public Uni<Task> updateTask(UpdateTaskRequest request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(id -> callers.current().chain(caller -> tasks.update(caller, id, protos.definition(request.getDefinition()))))
                .map(protos::task);
    }

    @Override
    public Uni<Empty> deleteTask(TaskId request) {
        return Uni.createFrom().item(() -> Protos.id("id", request.getId()))
                .chain(id -> callers.current().chain(caller -> tasks.delete(caller, id)))
                .replaceWith(Empty.getDefaultInstance());
    }
}
