package dev.conveyor.updater.history;

import dev.conveyor.proto.HistoryServiceGrpc;
import dev.conveyor.proto.HistoryServiceGrpc.HistoryServiceBlockingStub;
import dev.conveyor.proto.MutinyHistoryServiceGrpc;
import dev.conveyor.proto.MutinyHistoryServiceGrpc.MutinyHistoryServiceStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URL;
import java.util.concurrent.TimeUnit;

/** A real gRPC client of the history service, on the application's HTTP port, as the gateway has. */
final class HistoryClient implements AutoCloseable {

    private final ManagedChannel channel;

    HistoryClient(URL url) {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    ManagedChannel channel() {
        return channel;
    }

    HistoryServiceBlockingStub blocking() {
        return HistoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    MutinyHistoryServiceStub mutiny() {
        return MutinyHistoryServiceGrpc.newMutinyStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
