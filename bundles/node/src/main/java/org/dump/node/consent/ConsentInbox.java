package org.dump.node.consent;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where consent messages from other nodes arrive. The transport (federation) has checked that a peer signed the
 * message and says which one; the body is the JSON that node's {@link ConsentCourier} was given. Receiving the
 * same message twice changes nothing the first time did not.
 */
@ProviderType
public interface ConsentInbox {

    /**
     * @param fromNode the id of the peer that signed the message
     * @throws ConsentMessageRefusedException if the message is malformed, is about a request this node never made
     *                                        to {@code fromNode}, or contradicts what this node holds; nothing
     *                                        was stored
     */
    void receive(String fromNode, MessageKind kind, byte[] body);
}
