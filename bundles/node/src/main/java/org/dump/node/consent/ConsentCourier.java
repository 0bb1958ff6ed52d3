package org.dump.node.consent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Carries consent messages to other nodes: provided by federation, which signs them as this node and sends them
 * to peers only. The node keeps every message in its outbox until the courier delivers it (or the receiver
 * refuses it for good), so a courier never retries on its own.
 */
@ConsumerType
public interface ConsentCourier {

    /** @return whether {@code nodeId} is a peer that messages can be sent to */
    boolean reaches(String nodeId);

    /**
     * Sends one message and returns when the receiving node has taken it.
     *
     * @throws ConsentDeliveryException if it did not; {@link ConsentDeliveryException#permanent()} when sending
     *                                  it again cannot help
     */
    void deliver(String nodeId, MessageKind kind, byte[] body) throws ConsentDeliveryException;
}
