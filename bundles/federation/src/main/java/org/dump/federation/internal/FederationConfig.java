package org.dump.federation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The configuration of federation (PID {@code org.dump.federation}): {@link JpaPeerDirectory} is designated for it,
 * and the components that take peers read the settings they need from it.
 */
@ObjectClassDefinition(name = "DUMP federation", description = "The peers of this node.")
public @interface FederationConfig {

    @AttributeDefinition(name = "Seed peers", required = false,
            description = "Addresses of nodes to add as peers when the node starts, e.g. http://peer.example:8181/")
    String[] seedPeers() default {};

    @AttributeDefinition(name = "Contact timeout (seconds)", min = "1",
            description = "How long to wait for a peer to connect and to answer.")
    int contactTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Accept peers", options = {
            @Option(label = "auto: take every node that asks, while there are fewer than maxPeers", value = "auto"),
            @Option(label = "manual: keep their requests for an administrator (dump:peer-requests)",
                    value = "manual"),
            @Option(label = "none: refuse them (403); only dump:peer-add makes peers", value = "none")},
            description = "What to do with a node that took this one as its peer and asks to be taken in turn.")
    String acceptPeers() default "auto";

    @AttributeDefinition(name = "First retry of a refusing peer (seconds)", min = "1",
            description = "A peer that does not take this node as its peer is sent nothing and asked again after "
                    + "this long, then twice as long each time (±20%).")
    int refusalRetryFirstSeconds() default 10;

    @AttributeDefinition(name = "Longest wait for a refusing peer (seconds)", min = "1")
    int refusalRetryMaxSeconds() default 300;
}
