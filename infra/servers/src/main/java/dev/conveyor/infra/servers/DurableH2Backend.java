package dev.conveyor.infra.servers;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Set;

/**
 * The H2 backend commits its store in the background about once a second, so a kill -9 would lose writes the client
 * already saw acknowledged; consumers commit their Kafka offsets on that acknowledgement and would never redo them.
 * This backend commits before it answers any write command.
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes", "drop", "create");

    DurableH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (WRITE_COMMANDS.contains(command.toLowerCase())) {
            commit();
        }
        return response;
    }
}
