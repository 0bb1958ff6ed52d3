package org.dump.node.internal.record;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Lob;
import javax.persistence.Table;

/**
 * The sequence numbers of one origin's versions of one module's records that this node has seen: stored,
 * replaced by a newer version, or deleted. It outlives the records themselves, so a version that is gone is
 * never asked for again, and no per-record tombstone has to stay behind for that.
 */
@Entity
@Cacheable(false)
@IdClass(RecordSequenceEntity.Key.class)
@Table(name = "DUMP_RECORD_SEEN")
public class RecordSeenEntity {

    @Id
    @Column(name = "MODULE", length = 32)
    private String module;

    @Id
    @Column(name = "ORIGIN", length = 64)
    private String origin;

    /** {@link SequenceSet#format()}: almost always one range, {@code 1-N}. */
    @Lob
    @Column(name = "SEEN", nullable = false)
    private String seen;

    protected RecordSeenEntity() {
        // for JPA
    }

    RecordSeenEntity(String module, String origin, String seen) {
        this.module = module;
        this.origin = origin;
        this.seen = seen;
    }

    String module() {
        return module;
    }

    String origin() {
        return origin;
    }

    String seen() {
        return seen;
    }

    void seen(String value) {
        seen = value;
    }
}
