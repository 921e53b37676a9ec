package dev.conveyor.gateway.problem;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Every error response of the API has the same body: documents each 4xx/5xx response as problem+json with the
 * Problem schema, so the endpoints only say which errors they give and why.
 */
public class ProblemResponsesFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", OASFactory.createSchema()
                .description("RFC 9457 problem details")
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("type", text("urn:conveyor:problem:<slug>"))
                .addProperty("title", text("Short summary of the problem type"))
                .addProperty("status", OASFactory.createSchema()
                        .addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text("What went wrong, precisely"))
                .addProperty("instance", text("The request path"))
                .addProperty("violations", OASFactory.createSchema()
                        .addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema()
                                .addType(Schema.SchemaType.OBJECT)
                                .addProperty("field", text("The offending field, header or parameter"))
                                .addProperty("message", text("What is wrong with it")))));
        openAPI.getPaths().getPathItems().values().forEach(path -> path.getOperations().values().forEach(operation ->
                operation.getResponses().getAPIResponses().forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        response.setContent(problemContent());
                    }
                })));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.STRING)
                .description(description);
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }
}
