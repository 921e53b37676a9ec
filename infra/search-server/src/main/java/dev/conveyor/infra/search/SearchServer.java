package dev.conveyor.infra.search;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import dev.conveyor.infra.servers.ServerMain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * A single real OpenSearch node for the services' logs: it speaks the document, bulk and search APIs of Elasticsearch,
 * which production (compose) runs instead. Arguments: {@code --port} (HTTP), {@code --data-dir}, and
 * {@code --index-template name=file.json} to install before announcing readiness. A restart on the same data
 * directory keeps every index.
 */
public final class SearchServer {

    /**
     * The modules log search needs (HTTP, the mapper and analysis extras); the runner would otherwise also load
     * Painless, Mustache, ingest, reindex and more, which only cost start time and heap.
     */
    private static final List<String> MODULES = List.of(
            "org.opensearch.transport.Netty4ModulePlugin",
            "org.opensearch.index.mapper.MapperExtrasModulePlugin",
            "org.opensearch.analysis.common.CommonAnalysisModulePlugin");

    public static void main(String[] args) throws Exception {
        ServerMain main = ServerMain.parse(args);
        int port = main.port("port");
        Path dataDir = main.directory("data-dir");
        // OpenSearch's log configuration turns System.out into a logger that prefixes every line; the launcher
        // expects the READY line verbatim.
        PrintStream stdout = System.out;

        OpenSearchRunner runner = new OpenSearchRunner();
        // The runner probes ports from baseHttpPort + 1 up to this maximum: pin both to the one port we were given.
        runner.setMaxHttpPort(port);
        runner.onBuild((node, settings) -> settings
                .put("http.port", port)
                .put("network.host", "127.0.0.1")
                // A developer's disk filling up must not turn the log indices read-only.
                .put("cluster.routing.allocation.disk.threshold_enabled", false));
        runner.build(newConfigs()
                .basePath(dataDir.toString())
                .numOfNode(1)
                .baseHttpPort(port - 1)
                .clusterName("conveyor-logs")
                .moduleTypes(String.join(",", MODULES)));
        runner.ensureYellow();

        String url = "http://127.0.0.1:" + port;
        String template = main.option("index-template", "");
        if (!template.isBlank()) {
            IndexTemplate.parse(template).install(url);
        }

        System.setOut(stdout);
        ServerMain.readyAndAwaitParent(Map.of("url", url, "port", port), () -> {
            try {
                runner.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private SearchServer() {
    }
}
