package dev.conveyor.gateway.grpc;

import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * grpc-java answers a request whose bytes are not a valid message with INTERNAL, the server-fault status, and the
 * Vert.x transport turns any exception from parsing into INTERNAL too. Undecodable input is the client's fault: the
 * gateway's services parse requests through this, which hands a malformed message on as an empty message carrying a
 * marker, and {@link MalformedMessageInterceptor} answers it with INVALID_ARGUMENT before any service sees it.
 */
final class MalformedMessages {

    /** The highest field number protobuf allows: no Conveyor message uses it. */
    private static final int MARKER_FIELD = 536_870_911;

    private MalformedMessages() {
    }

    static boolean isMarked(Object message) {
        return message instanceof Message parsed && parsed.getUnknownFields().hasField(MARKER_FIELD);
    }

    private static Object marked(Message prototype) {
        UnknownFieldSet marker = UnknownFieldSet.newBuilder()
                .addField(MARKER_FIELD, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
                .build();
        return prototype.toBuilder().setUnknownFields(marker).build();
    }

    /** The same service, with request parsing that marks malformed messages instead of failing. */
    static ServerServiceDefinition refusedAsInvalidArgument(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            methods.add(withCheckedParsing(method));
        }
        // The service descriptor must list the very method descriptor instances that are bound.
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder checked = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(checked::addMethod);
        return checked.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> withCheckedParsing(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        MethodDescriptor<Q, R> checked = descriptor.toBuilder()
                .setRequestMarshaller(new CheckedMarshaller<>(descriptor.getRequestMarshaller()))
                .build();
        return ServerMethodDefinition.create(checked, method.getServerCallHandler());
    }

    private record CheckedMarshaller<T>(MethodDescriptor.Marshaller<T> delegate)
            implements MethodDescriptor.PrototypeMarshaller<T> {

        @Override
        public InputStream stream(T value) {
            return delegate.stream(value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T parse(InputStream stream) {
            try {
                return delegate.parse(stream);
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.INTERNAL
                        || !(getMessagePrototype() instanceof Message prototype)) {
                    throw e;
                }
                return (T) marked(prototype);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getMessagePrototype() {
            return delegate instanceof MethodDescriptor.PrototypeMarshaller<?> prototype
                    ? (T) prototype.getMessagePrototype() : null;
        }

        @Override
        public Class<T> getMessageClass() {
            T prototype = getMessagePrototype();
            @SuppressWarnings("unchecked")
            Class<T> type = prototype == null ? null : (Class<T>) prototype.getClass();
            return type;
        }
    }
}
