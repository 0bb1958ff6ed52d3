package org.dump.node.internal.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * What keeps DUMP's components from starting, in one line for the person who installed the node: the services they
 * wait for that no DUMP component provides (those DUMP provides are only waiting in turn), each with what to do.
 * Without it, a node short of its datasource or HTTP service shows only components "waiting" and logs nothing.
 */
final class MissingServices {

    /** The prefix of DUMP's bundles' symbolic names. */
    static final String DUMP_BUNDLES = "org.dump.";

    private static final Map<String, String> ADVICE = new LinkedHashMap<>();

    static {
        String datasource = "the datasource 'dump': etc/org.ops4j.datasource-dump.cfg is missing, or its database "
                + "or JDBC driver is not there (docs/admin.md, \"The datasource\")";
        ADVICE.put("javax.sql.DataSource", datasource);
        ADVICE.put("javax.persistence.EntityManagerFactory", "the JPA units are made by Aries JPA from " + datasource);
        ADVICE.put("org.apache.aries.jpa.template.JpaTemplate", "the JPA units are made by Aries JPA from "
                + datasource);
        String http = "the HTTP service: feature:install pax-web-http pax-web-whiteboard";
        ADVICE.put("org.osgi.service.http.HttpService", http);
        ADVICE.put("org.osgi.service.http.context.ServletContextHelper", http);
        ADVICE.put("org.ops4j.pax.web.service.WebContainer", http);
    }

    private MissingServices() {
    }

    /**
     * @param components DUMP's component descriptions (others are left out here), each with its configurations
     * @param dataSourceRegistered whether a datasource named dump is registered: then a missing JPA unit is not the
     *        datasource file's fault but the database's
     * @return the line to log, or empty if no DUMP component waits for a service or configuration
     */
    static Optional<String> describe(Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components,
            boolean dataSourceRegistered) {
        Set<String> provided = new TreeSet<>();
        components.keySet().stream().filter(MissingServices::isDump).forEach(d -> provided.addAll(List.of(
                d.serviceInterfaces)));
        Map<String, Set<String>> waiting = new LinkedHashMap<>(); // missing service (and filter) -> components
        int unsatisfied = 0;
        for (Map.Entry<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> component
                : components.entrySet()) {
            ComponentDescriptionDTO description = component.getKey();
            if (!isDump(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : component.getValue()) {
                if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                    unsatisfied++;
                    waiting.computeIfAbsent("configuration " + String.join(", ", description.configurationPid),
                            k -> new TreeSet<>()).add(shortName(description.name));
                } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    unsatisfied++;
                    for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                        String service = interfaceOf(description, reference.name);
                        if (!provided.contains(service)) {
                            String what = service + (reference.target == null ? "" : " " + reference.target);
                            waiting.computeIfAbsent(what, k -> new TreeSet<>()).add(shortName(description.name));
                        }
                    }
                }
            }
        }
        if (unsatisfied == 0) {
            return Optional.empty();
        }
        List<String> waiters = new ArrayList<>();
        Set<String> advice = new LinkedHashSet<>(); // the JPA units of one datasource share one piece of advice
        waiting.forEach((what, names) -> {
            waiters.add(what + ": " + String.join(", ", names));
            advice(what, dataSourceRegistered).ifPresent(advice::add);
        });
        // What is missing and what to do come first: Karaf's stock log pattern cuts a message at 500 characters.
        String line = "DUMP node incomplete: " + unsatisfied + " of its components cannot start; "
                + (waiting.isEmpty() ? "they wait for one another (scr:list shows them)"
                        : "missing: " + String.join("; ", waiting.keySet()))
                + (advice.isEmpty() ? "" : ". What to do: " + String.join("; ", advice))
                + (waiters.isEmpty() ? "" : ". Waiting: " + String.join("; ", waiters));
        return Optional.of(line);
    }

    private static Optional<String> advice(String what, boolean dataSourceRegistered) {
        String service = what.split(" ", 2)[0];
        if (dataSourceRegistered && !service.equals("javax.sql.DataSource") && ADVICE.containsKey(service)
                && ADVICE.get(service).startsWith("the JPA units")) {
            return Optional.of("the datasource 'dump' is registered but the JPA units are not: see the log for the "
                    + "database's error");
        }
        return Optional.ofNullable(ADVICE.get(service));
    }

    private static boolean isDump(ComponentDescriptionDTO description) {
        return description.bundle != null && description.bundle.symbolicName != null
                && description.bundle.symbolicName.startsWith(DUMP_BUNDLES);
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String reference) {
        for (ReferenceDTO declared : description.references) {
            if (declared.name.equals(reference)) {
                return declared.interfaceName;
            }
        }
        return reference;
    }

    private static String shortName(String component) {
        return component.substring(component.lastIndexOf('.') + 1);
    }

    /** @return the components of {@code descriptions}, for {@link #describe} */
    static Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> byDescription(
            Collection<ComponentDescriptionDTO> descriptions,
            java.util.function.Function<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> configurations) {
        return descriptions.stream().filter(MissingServices::isDump).collect(Collectors.toMap(d -> d,
                configurations, (a, b) -> a, LinkedHashMap::new));
    }
}
