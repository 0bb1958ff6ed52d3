package org.dump.web.internal.security;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the node's HTTP front door ({@code etc/org.dump.web.cfg}). */
@ObjectClassDefinition(name = "DUMP web", description = "Sessions and request limits of the node's REST API.")
public @interface WebConfig {

    String PID = "org.dump.web";

    @AttributeDefinition(name = "Session idle timeout (minutes)",
            description = "A session of the user interface ends after this long without a request.")
    int sessionIdleMinutes() default 30;

    @AttributeDefinition(name = "Largest request body (bytes)",
            description = "Bodies above this are refused with 413 before they are read.")
    int maxRequestBytes() default 1024 * 1024;
}
