package org.dump.node.internal.status;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once, {@value #DELAY_SECONDS} s after the node bundle started, logs one line naming the services DUMP's components
 * still wait for (the datasource, the HTTP service…) and what to do, if any do (see {@link MissingServices}). A node
 * installed into a Karaf of one's own without its datasource would otherwise only stay silent and unanswering. Needs
 * nothing but DS itself, so that it runs whatever else is missing.
 */
@Component(immediate = true)
public final class MissingServicesReport {

    private static final Logger LOG = LoggerFactory.getLogger(MissingServicesReport.class);

    /** Long enough for a whole node to start on a slow machine, short enough to be seen after feature:install. */
    static final long DELAY_SECONDS = 20;

    /** The JDK's shared delay thread and common pool: one line, once, needs no thread of its own. */
    private final CompletableFuture<Void> report;

    @Activate
    public MissingServicesReport(@Reference ServiceComponentRuntime runtime, BundleContext context) {
        report = CompletableFuture.runAsync(() -> report(runtime, context),
                CompletableFuture.delayedExecutor(DELAY_SECONDS, TimeUnit.SECONDS));
    }

    private static void report(ServiceComponentRuntime runtime, BundleContext context) {
        try {
            Collection<ComponentDescriptionDTO> descriptions = runtime.getComponentDescriptionDTOs();
            Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components = MissingServices
                    .byDescription(descriptions, runtime::getComponentConfigurationDTOs);
            Optional<String> line = MissingServices.describe(components, dataSourceRegistered(context));
            line.ifPresent(LOG::error);
        } catch (RuntimeException e) {
            LOG.warn("Cannot tell which services the node's components wait for: {}", e.toString());
        }
    }

    private static boolean dataSourceRegistered(BundleContext context) {
        try {
            return context.getServiceReferences("javax.sql.DataSource", "(dataSourceName=dump)") != null;
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return false;
        }
    }

    @Deactivate
    void stop() {
        report.cancel(false); // a report not yet made is not made
    }
}
