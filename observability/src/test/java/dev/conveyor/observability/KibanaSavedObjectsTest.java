package dev.conveyor.observability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** kibana/saved-objects.ndjson, as kibana-init imports it: a data view on the log data streams and saved searches on it. */
class KibanaSavedObjectsTest {

    private static final Path SAVED_OBJECTS = Observability.path("kibana/saved-objects.ndjson");

    private final List<JsonNode> objects = objects();

    @Test
    void everyLineIsASavedObjectWithTypeIdAndAttributes() {
        assertThat(objects).isNotEmpty().allSatisfy(object -> {
            assertThat(object.path("type").asText()).isNotBlank();
            assertThat(object.path("id").asText()).matches("[a-z0-9-]+");
            assertThat(object.path("attributes").isObject()).as(object.toString()).isTrue();
        });
        assertThat(objects).extracting(object -> object.path("id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void theLogContractNamesEveryRequiredField() {
        assertThat(LogContract.fields()).containsAll(LogContract.REQUIRED);
    }

    @Test
    void theDataViewCoversTheLogDataStreamsByTimestamp() {
        JsonNode dataView = dataView();

        assertThat(dataView.path("attributes").path("title").asText())
                .isEqualTo(LogIndexTemplateTest.indexPattern())
                .isEqualTo(grafanaElasticsearchIndex());
        assertThat(dataView.path("attributes").path("timeFieldName").asText()).isEqualTo("@timestamp");
    }

    @Test
    void savedSearchesReferenceTheDataView() throws JsonProcessingException {
        String dataViewId = dataView().path("id").asText();
        for (JsonNode search : searches()) {
            JsonNode source = searchSource(search);
            String refName = source.path("indexRefName").asText();

            assertThat(search.path("references")).as(search.path("id").asText()).anySatisfy(reference -> {
                assertThat(reference.path("name").asText()).isEqualTo(refName);
                assertThat(reference.path("type").asText()).isEqualTo("index-pattern");
                assertThat(reference.path("id").asText()).isEqualTo(dataViewId);
            });
        }
    }

    @Test
    void savedSearchesQueryAndShowOnlyContractFields() throws JsonProcessingException {
        for (JsonNode search : searches()) {
            String id = search.path("id").asText();
            JsonNode query = searchSource(search).path("query");

            assertThat(query.path("language").asText()).as(id).isEqualTo("kuery");
            assertThat(LogContract.kqlFields(query.path("query").asText())).as(id).isNotEmpty()
                    .isSubsetOf(LogContract.fields());
            List<String> columns = new ArrayList<>();
            search.path("attributes").path("columns").forEach(column -> columns.add(column.asText()));
            assertThat(columns).as(id).isNotEmpty().isSubsetOf(LogContract.fields());
            assertThat(search.path("attributes").path("sort").path(0).path(0).asText()).as(id).isEqualTo("@timestamp");
        }
    }

    @Test
    void thereAreSearchesForErrorsForARunAndForATrace() throws JsonProcessingException {
        List<String> queries = new ArrayList<>();
        for (JsonNode search : searches()) {
            queries.add(searchSource(search).path("query").path("query").asText());
        }

        assertThat(queries).anySatisfy(query -> assertThat(query).contains("log.level").contains("ERROR"));
        assertThat(queries).anySatisfy(query -> assertThat(query).startsWith("labels.run_id"));
        assertThat(queries).anySatisfy(query -> assertThat(query).startsWith("trace.id"));
    }

    private JsonNode dataView() {
        List<JsonNode> dataViews = objects.stream()
                .filter(object -> object.path("type").asText().equals("index-pattern")).toList();
        assertThat(dataViews).hasSize(1);
        return dataViews.getFirst();
    }

    private List<JsonNode> searches() {
        return objects.stream().filter(object -> object.path("type").asText().equals("search")).toList();
    }

    private static JsonNode searchSource(JsonNode search) throws JsonProcessingException {
        return Observability.JSON.readTree(
                search.path("attributes").path("kibanaSavedObjectMeta").path("searchSourceJSON").asText());
    }

    private static String grafanaElasticsearchIndex() {
        for (JsonNode datasource : Observability.yaml(
                Observability.path("grafana/provisioning/datasources/datasources.yml")).path("datasources")) {
            if (datasource.path("type").asText().equals("elasticsearch")) {
                return datasource.path("jsonData").path("index").asText();
            }
        }
        throw new AssertionError("no Elasticsearch datasource is provisioned");
    }

    private static List<JsonNode> objects() {
        List<JsonNode> objects = new ArrayList<>();
        List<String> lines = Observability.text(SAVED_OBJECTS).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            try {
                objects.add(Observability.JSON.readTree(lines.get(i)));
            } catch (JsonProcessingException e) {
                throw new AssertionError(SAVED_OBJECTS + " line " + (i + 1) + " is not JSON: " + e.getMessage(), e);
            }
        }
        return objects;
    }
}
