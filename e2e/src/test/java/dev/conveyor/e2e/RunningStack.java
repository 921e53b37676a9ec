package dev.conveyor.e2e;

import dev.conveyor.infra.control.ConveyorStack;
import dev.conveyor.infra.control.EmbeddedInfrastructure;
import dev.conveyor.infra.control.FreePorts;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * One running Conveyor (infrastructure and the three packaged services on free ports) shared by every end-to-end
 * test of the run, stopped when the test JVM exits. The services export their spans to a trace receiver of the test
 * JVM, as they would to a collector, and their logs are shipped to a search engine, as Filebeat does in compose.
 */
final class RunningStack {

    static final String ADMIN_EMAIL = "admin@e2e.conveyor.test";
    static final String ADMIN_PASSWORD = "e2e-" + UUID.randomUUID();

    private static final class Holder {
        static final OtlpTraceReceiver TRACES = OtlpTraceReceiver.start();
        static final ConveyorStack STACK = start();

        private static ConveyorStack start() {
            Path state = Path.of("target", "e2e-stack", UUID.randomUUID().toString()).toAbsolutePath();
            ConveyorStack stack = ConveyorStack.start(new ConveyorStack.Options(state,
                    EmbeddedInfrastructure.Ports.free(), FreePorts.pick(), FreePorts.pick(),
                    List.of(FreePorts.pick()), false, ADMIN_EMAIL, ADMIN_PASSWORD)
                    .withServiceEnvironment(TRACES.serviceEnvironment())
                    .withLogSearch());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                TRACES.close();
            }, "stop-e2e-stack"));
            return stack;
        }
    }

    static ConveyorStack get() {
        return Holder.STACK;
    }

    /** The spans the stack's services exported. */
    static OtlpTraceReceiver traces() {
        get();
        return Holder.TRACES;
    }

    private RunningStack() {
    }
}
