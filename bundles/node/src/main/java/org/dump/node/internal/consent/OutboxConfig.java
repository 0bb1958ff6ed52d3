package org.dump.node.internal.consent;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of {@link ConsentOutbox} (PID {@code org.dump.consent}). */
@ObjectClassDefinition(name = "DUMP profile consent",
        description = "How the node delivers profile requests and answers to other nodes.")
public @interface OutboxConfig {

    @AttributeDefinition(name = "First retry (seconds)", min = "1",
            description = "Wait before the first retry of a message that could not be delivered.")
    int retryFirstSeconds() default 5;

    @AttributeDefinition(name = "Longest wait between retries (seconds)", min = "1",
            description = "The wait doubles after each failed attempt up to this; messages are kept until "
                    + "delivered, however long that takes.")
    int retryMaxSeconds() default 300;
}
