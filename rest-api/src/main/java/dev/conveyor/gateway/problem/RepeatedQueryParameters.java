package dev.conveyor.gateway.problem;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every query parameter of the API takes one value. A repeated one ({@code ?size=10&size=500}) is refused rather
 * than resolved to its first value, so a client never gets a page it did not ask for and no proxy or cache can
 * read the request differently from the gateway.
 */
public class RepeatedQueryParameters {

    @ServerRequestFilter
    public void refuseRepeated(UriInfo uri) {
        List<Violation> repeated = uri.getQueryParameters().entrySet().stream()
                .filter(parameter -> parameter.getValue().size() > 1)
                .map(RepeatedQueryParameters::violation)
                .toList();
        if (!repeated.isEmpty()) {
            throw ApiException.invalid(repeated);
        }
    }

    private static Violation violation(Map.Entry<String, List<String>> parameter) {
        return new Violation(parameter.getKey(),
                "is given " + parameter.getValue().size() + " times; give it once");
    }
}
