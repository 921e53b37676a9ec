package dev.conveyor.observability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * filebeat/filebeat.yml and its compose service: Docker's logs of the three services, parsed as the JSON lines they
 * are, renamed as the embedded run's LogShipper renames them, into the data streams the index template makes.
 */
class FilebeatConfigTest {

    private static final Set<String> SERVICES = Set.of("rest-api", "go-style-worker", "task-updater");
    // Map.entry("mdc.run_id", "labels.run_id") in LogLine.RENAMES.
    private static final Pattern SHIPPER_RENAME = Pattern.compile("Map\\.entry\\(\"([^\"]+)\", \"([^\"]+)\"\\)");

    private final JsonNode config = Observability.yaml(Observability.path("filebeat/filebeat.yml"));
    private final JsonNode compose = Observability.yaml(
            Observability.repositoryRoot().resolve("compose/compose.observability.yaml")).path("services");

    @Test
    void readsDockersLogFilesAsJsonLines() {
        JsonNode input = config.path("filebeat.inputs").path(0);
        JsonNode parsers = input.path("parsers");

        assertThat(config.path("filebeat.inputs")).hasSize(1);
        assertThat(input.path("type").asText()).isEqualTo("filestream");
        assertThat(input.path("id").asText()).isNotBlank();
        assertThat(input.path("paths").path(0).asText()).isEqualTo("/var/lib/docker/containers/*/*-json.log");
        // Docker's envelope first, then the service's own JSON line, its fields at the top of the event.
        assertThat(parsers.path(0).has("container")).isTrue();
        JsonNode ndjson = parsers.path(1).path("ndjson");
        assertThat(ndjson.path("target").asText()).isEmpty();
        assertThat(ndjson.path("expand_keys").asBoolean()).isTrue();
        assertThat(ndjson.path("overwrite_keys").asBoolean()).isTrue();
        assertThat(ndjson.path("add_error_key").asBoolean()).as("a line that is not JSON is kept").isTrue();
    }

    @Test
    void keepsTheThreeServicesOnly() {
        Set<String> kept = new TreeSet<>();
        processor("drop_event").path("when").path("not").path("or").forEach(condition ->
                kept.add(condition.path("equals").path("container.labels.com_docker_compose_service").asText()));

        assertThat(kept).isEqualTo(new TreeSet<>(SERVICES));
        assertThat(processor("add_docker_metadata").path("host").asText()).isEqualTo("unix:///var/run/docker.sock");
    }

    @Test
    void renamesAsTheLogShipperDoesIntoEveryContractFieldTheMdcFeeds() {
        Map<String, String> renames = new LinkedHashMap<>();
        processor("rename").path("fields").forEach(field ->
                renames.put(field.path("from").asText(), field.path("to").asText()));

        assertThat(shipperRenames()).containsAllEntriesOf(renames);
        assertThat(renames.values()).contains("trace.id", "span.id", "labels.run_id", "labels.task_id",
                "labels.user_id");
        assertThat(LogContract.fields()).containsAll(renames.values().stream()
                .filter(field -> !field.startsWith("error.")).toList());
        assertThat(processor("rename").path("ignore_missing").asBoolean()).isTrue();
    }

    @Test
    void writesTheDataStreamOfEachServiceWithoutATemplateOfItsOwn() {
        String prefix = LogIndexTemplateTest.indexPattern().replace("*", "");

        assertThat(config.path("output.elasticsearch").path("index").asText())
                .isEqualTo(prefix + "%{[service.name]}");
        // The index template and the retention come from elasticsearch/, applied by elasticsearch-init.
        assertThat(config.path("setup.template.enabled").asBoolean(true)).isFalse();
        assertThat(config.path("setup.ilm.enabled").asBoolean(true)).isFalse();
        // A line that is not JSON still lands in its service's stream.
        JsonNode copy = processor("copy_fields").path("fields").path(0);
        assertThat(copy.path("from").asText()).isEqualTo("container.labels.com_docker_compose_service");
        assertThat(copy.path("to").asText()).isEqualTo("service.name");
    }

    @Test
    void composeGivesFilebeatDockersLogsItsConfigurationAndAPlaceForItsRegistry() {
        JsonNode filebeat = compose.path("filebeat");
        List<String> volumes = new ArrayList<>();
        filebeat.path("volumes").forEach(volume -> volumes.add(volume.asText()));
        List<String> command = new ArrayList<>();
        filebeat.path("command").forEach(argument -> command.add(argument.asText()));
        String configDir = volumes.stream().filter(volume -> volume.startsWith("../observability/filebeat:"))
                .findFirst().orElseThrow().split(":")[1];

        assertThat(command).containsSequence("-c", configDir + "/filebeat.yml");
        assertThat(volumes).contains("/var/lib/docker/containers:/var/lib/docker/containers:ro",
                "/var/run/docker.sock:/var/run/docker.sock:ro");
        assertThat(volumes).anyMatch(volume -> volume.endsWith(":" + config.path("path.data").asText()));
        assertThat(filebeat.path("depends_on").path("elasticsearch-init").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(filebeat.path("read_only").asBoolean()).isTrue();
    }

    @Test
    void theServicesLogToDockersJsonFiles() {
        // SnakeYAML, unlike Jackson's tree, resolves the merge key (<<: *conveyor-service) the services share.
        Map<String, Map<String, Object>> services = new Yaml().<Map<String, Map<String, Map<String, Object>>>>load(
                Observability.text(Observability.repositoryRoot().resolve("compose/compose.yaml"))).get("services");

        for (String service : SERVICES) {
            assertThat(services.get(service).get("logging")).as(service).isInstanceOf(Map.class)
                    .extracting(logging -> ((Map<?, ?>) logging).get("driver")).isEqualTo("json-file");
        }
    }

    private JsonNode processor(String name) {
        for (JsonNode processor : config.path("processors")) {
            if (processor.has(name)) {
                return processor.path(name);
            }
        }
        throw new AssertionError("no " + name + " processor in filebeat.yml");
    }

    /** LogLine.RENAMES of the embedded run's shipper, read from its source. */
    private static Map<String, String> shipperRenames() {
        Path logLine = Observability.repositoryRoot()
                .resolve("infra/control/src/main/java/dev/conveyor/infra/control/logs/LogLine.java");
        Matcher rename = SHIPPER_RENAME.matcher(Observability.text(logLine));
        Map<String, String> renames = new LinkedHashMap<>();
        while (rename.find()) {
            renames.put(rename.group(1), rename.group(2));
        }
        assertThat(renames).as("renames in " + logLine).isNotEmpty();
        return renames;
    }
}
