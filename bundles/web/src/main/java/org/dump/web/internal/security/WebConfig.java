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

    @AttributeDefinition(name = "Sessions per account", min = "1",
            description = "A new session of an account that has this many ends that account's least recently used one.")
    int maxSessionsPerAccount() default 20;

    @AttributeDefinition(name = "Sessions in all", min = "1",
            description = "When the node holds this many live sessions, new ones are refused with 503 (nobody else's "
                    + "session is ended for them).")
    int maxSessions() default 10_000;

    @AttributeDefinition(name = "Largest request body (bytes)",
            description = "Bodies above this are refused with 413 before they are read.")
    int maxRequestBytes() default 1024 * 1024;
}
