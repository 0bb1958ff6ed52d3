package org.dump.repository.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** The settings of {@value #PID}: readings of the peers' repositories, automatic updates, the shipped modules. */
@ObjectClassDefinition(name = "DUMP module repositories",
        description = "How the node reads its peers' repositories, updates its modules and takes in the modules "
                + "shipped in its distribution.")
public @interface RepositorySettings {

    String PID = "org.dump.repository";

    @AttributeDefinition(name = "Update policy", options = {
            @Option(value = "off", label = "off: never update by itself"),
            @Option(value = "patch", label = "patch: 1.2.x only"),
            @Option(value = "minor", label = "minor: 1.x, never 2.0")},
            description = "Which newer versions of an installed module the node installs by itself.")
    String updatePolicy() default ModuleUpdates.POLICY_MINOR;

    @AttributeDefinition(name = "Interval (seconds)", min = "1",
            description = "Time between two readings of the peers' repositories (±20% at random).")
    int intervalSeconds() default 300;

    @AttributeDefinition(name = "First reading after start (seconds)", min = "0")
    int firstRoundSeconds() default 30;

    @AttributeDefinition(name = "Take the shipped modules",
            description = "At start, take the signed repository shipped in the distribution (its dump-modules "
                    + "folder) into this node's repository, with the same checks as any other import, when it "
                    + "changed since the last time. Nothing is installed by itself.")
    boolean importShipped() default true;
}
