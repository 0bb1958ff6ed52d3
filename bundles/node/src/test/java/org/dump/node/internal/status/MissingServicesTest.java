package org.dump.node.internal.status;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

public class MissingServicesTest {

    private static final String EMF = "javax.persistence.EntityManagerFactory";
    private static final String STATUS = "org.dump.node.status.NodeStatus";

    private final Map<ComponentDescriptionDTO, Collection<ComponentConfigurationDTO>> components =
            new LinkedHashMap<>();
    /** The service each waiting configuration's reference is declared for. */
    private final Map<ComponentConfigurationDTO, String> interfaces = new java.util.IdentityHashMap<>();

    @Test
    public void namesTheServiceNobodyProvidesAndWhatToDoNotWhatWaitsInTurn() {
        add("org.dump.node", "org.dump.node.internal.JpaAccounts", new String[] {"org.dump.node.account.Accounts"},
                waitingFor("factory", EMF, "(osgi.unit.name=dump)"));
        add("org.dump.web", "org.dump.web.internal.http.ApiServer", new String[0], waitingFor("status", STATUS, null));
        add("org.dump.node", "org.dump.node.internal.status.LiveNodeStatus", new String[] {STATUS},
                waitingFor("factory", EMF, "(osgi.unit.name=dump)"));
        add("org.dump.federation", "org.dump.federation.internal.JpaPeerDirectory", new String[0],
                waitingFor("factory", EMF, "(osgi.unit.name=dump-federation)"));

        String line = MissingServices.describe(components, false).orElseThrow();

        assertEquals("DUMP node incomplete: 4 of its components cannot start; missing: " + EMF
                + " (osgi.unit.name=dump); " + EMF + " (osgi.unit.name=dump-federation). What to do: the JPA units are "
                + "made by Aries JPA from the datasource 'dump': etc/org.ops4j.datasource-dump.cfg is missing, or its "
                + "database or JDBC driver is not there (docs/admin.md, \"The datasource\"). Waiting: " + EMF
                + " (osgi.unit.name=dump): JpaAccounts, LiveNodeStatus; " + EMF
                + " (osgi.unit.name=dump-federation): JpaPeerDirectory", line);
        assertFalse(line, line.contains(STATUS));
    }

    @Test
    public void withTheDatasourceRegisteredBlamesTheDatabaseNotTheFile() {
        add("org.dump.node", "org.dump.node.internal.JpaAccounts", new String[0],
                waitingFor("factory", EMF, "(osgi.unit.name=dump)"));

        String line = MissingServices.describe(components, true).orElseThrow();

        assertTrue(line, line.contains("the datasource 'dump' is registered but the JPA units are not"));
        assertFalse(line, line.contains("etc/org.ops4j.datasource-dump.cfg"));
    }

    @Test
    public void saysNothingWhenEveryComponentRunsAndIgnoresOtherBundles() {
        add("org.dump.node", "org.dump.node.internal.JpaAccounts", new String[0], active());
        add("org.example.other", "org.example.Waiting", new String[0], waitingFor("x", "org.example.X", null));

        assertTrue(MissingServices.describe(MissingServices.byDescription(components.keySet(), components::get),
                false).isEmpty());
    }

    private void add(String bundle, String name, String[] services, ComponentConfigurationDTO configuration) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.bundle = new BundleDTO();
        description.bundle.symbolicName = bundle;
        description.name = name;
        description.serviceInterfaces = services;
        description.configurationPid = new String[] {name};
        description.references = configuration.unsatisfiedReferences.length == 0 ? new ReferenceDTO[0]
                : new ReferenceDTO[] {reference(configuration.unsatisfiedReferences[0].name,
                        interfaces.get(configuration))};
        components.put(description, List.of(configuration));
    }

    private static ReferenceDTO reference(String name, String service) {
        ReferenceDTO reference = new ReferenceDTO();
        reference.name = name;
        reference.interfaceName = service;
        return reference;
    }

    private ComponentConfigurationDTO waitingFor(String name, String service, String target) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        interfaces.put(configuration, service);
        configuration.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        UnsatisfiedReferenceDTO reference = new UnsatisfiedReferenceDTO();
        reference.name = name;
        reference.target = target;
        reference.targetServices = new org.osgi.framework.dto.ServiceReferenceDTO[0];
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {reference};
        return configuration;
    }

    private static ComponentConfigurationDTO active() {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = ComponentConfigurationDTO.ACTIVE;
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[0];
        return configuration;
    }
}
