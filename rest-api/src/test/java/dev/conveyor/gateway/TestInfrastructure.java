package dev.conveyor.gateway;

import dev.conveyor.infra.test.JwtKeysTestResource;
import dev.conveyor.infra.test.KafkaTestResource;
import dev.conveyor.infra.test.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The real servers every @QuarkusTest of this module runs against, declared once: GLOBAL resources apply to all
 * test classes, and are started once, in parallel, for the whole test JVM.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = JwtKeysTestResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
final class TestInfrastructure {

    private TestInfrastructure() {
    }
}
