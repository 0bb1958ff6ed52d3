package org.dump.federation.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/**
 * The key of a node whose records this node holds, learned with its records (its id is the key's fingerprint, so
 * nobody can slip in another one). Kept so that, after a restart, this node can still hand the key to the peers it
 * passes those records to.
 */
@Entity
@Table(name = "DUMP_ORIGIN_KEY")
public class OriginKeyEntity {

    @Id
    @Column(name = "NODE_ID", length = 64)
    private String nodeId;

    @Column(name = "PUBLIC_KEY", nullable = false, length = 100)
    private String publicKey;

    protected OriginKeyEntity() {
        // for JPA
    }

    OriginKeyEntity(String nodeId, String publicKey) {
        this.nodeId = nodeId;
        this.publicKey = publicKey;
    }

    String nodeId() {
        return nodeId;
    }

    String publicKey() {
        return publicKey;
    }
}
