package org.dump.web.internal.console;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the DUMP section of the web console ({@code etc/org.dump.web.console.cfg}). */
@ObjectClassDefinition(name = "DUMP admin console", description = "The DUMP section of the Karaf web console.")
public @interface ConsoleConfig {

    String PID = "org.dump.web.console";

    @AttributeDefinition(name = "Traffic sample (seconds)",
            description = "How often the replication traffic chart takes the peers' record counts.")
    int trafficSampleSeconds() default 10;

    @AttributeDefinition(name = "Traffic samples kept",
            description = "How many samples the chart shows (kept in memory only; 180 of 10 s are half an hour).")
    int trafficSamples() default 180;
}
