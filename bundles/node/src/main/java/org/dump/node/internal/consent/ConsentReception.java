package org.dump.node.internal.consent;

import org.dump.node.consent.ConsentInbox;
import org.dump.node.consent.ConsentMessageRefusedException;
import org.dump.node.consent.MessageKind;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Where consent messages from other nodes arrive: each is checked whole ({@link ConsentWire}) before it goes to
 * the side it is for, requests to the authors' side, answers to the asking side.
 */
@Component(service = ConsentInbox.class)
public final class ConsentReception implements ConsentInbox {

    private final JpaProfileGrants grants;
    private final JpaProfileRequests requests;

    @Activate
    public ConsentReception(@Reference JpaProfileGrants grants, @Reference JpaProfileRequests requests) {
        this.grants = grants;
        this.requests = requests;
    }

    @Override
    public void receive(String fromNode, MessageKind kind, byte[] body) {
        if (!ConsentWire.isNodeId(fromNode) || kind == null || body == null) {
            throw new ConsentMessageRefusedException(ConsentMessageRefusedException.Reason.MALFORMED,
                    "a consent message needs a sending node, a kind and a body");
        }
        switch (kind) {
            case REQUEST -> grants.received(fromNode, ConsentWire.readRequest(body));
            case ANSWER -> requests.answered(fromNode, ConsentWire.readAnswer(body));
        }
    }
}
