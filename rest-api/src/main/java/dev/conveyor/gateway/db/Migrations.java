package dev.conveyor.gateway.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Applies the Flyway migrations in db/migration before anything else touches the database. This is the only
 * user of the JDBC datasource; the application itself goes through Hibernate Reactive. Several instances
 * starting at once are safe: Flyway serialises them with a PostgreSQL advisory lock.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    private final AgroalDataSource dataSource;

    public Migrations(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void migrate(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        var result = Flyway.configure(Thread.currentThread().getContextClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        LOG.infof("Database schema at version %s (%d migrations applied)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }
}
