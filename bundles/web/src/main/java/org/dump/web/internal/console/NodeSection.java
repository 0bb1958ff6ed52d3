package org.dump.web.internal.console;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dump.node.identity.NodeIdentity;
import org.dump.node.module.ModuleRegistry;
import org.dump.node.status.NodeStatus;
import org.dump.node.status.NodeStatusReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code node.json}: who the node is (what {@code GET /api/admin/status} and {@code GET /api/node} tell) and how it
 * is: uptime, memory, and whether every bundle is running. No actions.
 */
@Component(service = ConsoleSection.class)
public final class NodeSection implements ConsoleSection {

    /** The node's identity and state at one moment. */
    record View(NodeStatusReport status, String publicKey, List<String> modules, Health health) {
    }

    /**
     * @param state           {@code ok}, or {@code attention} when a bundle that should run does not
     * @param notRunning      bundles that are neither active nor fragments, as {@code symbolicName version (STATE)}
     */
    record Health(String state, long uptimeSeconds, int bundles, int bundlesActive, List<String> notRunning,
            long heapUsedMiB, long heapMaxMiB, int processors, double loadAverage) {
    }

    private final BundleContext context;
    private final NodeStatus status;
    private final NodeIdentity identity;
    private final ModuleRegistry modules;

    @Activate
    public NodeSection(BundleContext context, @Reference NodeStatus status, @Reference NodeIdentity identity,
            @Reference ModuleRegistry modules) {
        this.context = context;
        this.status = status;
        this.identity = identity;
        this.modules = modules;
    }

    @Override
    public String name() {
        return "node";
    }

    @Override
    public View read(Map<String, String> query) {
        List<String> running = modules.running().stream()
                .map(m -> m.id() + " " + m.bundleVersion() + " (data " + m.dataVersion() + ")").toList();
        return new View(status.report(), identity.publicKey().base64(), running, health());
    }

    @Override
    public Answer act(String action, Map<String, String> form) {
        throw ConsoleSection.unknownAction(name(), action);
    }

    private Health health() {
        Bundle[] bundles = context.getBundles();
        int active = 0;
        List<String> notRunning = new ArrayList<>();
        for (Bundle bundle : bundles) {
            if (bundle.getState() == Bundle.ACTIVE) {
                active++;
            } else if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                notRunning.add(bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + state(bundle) + ")");
            }
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Health(notRunning.isEmpty() ? "ok" : "attention",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000, bundles.length, active, notRunning,
                heap.getUsed() >> 20, heap.getMax() >> 20, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String state(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
