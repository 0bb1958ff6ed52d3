package org.dump.node.internal.record;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Table;

/**
 * The last sequence number an origin used for a module. Kept apart from the records so that a number is never
 * handed out twice, even after the record that carried it is gone.
 */
@Entity
@Cacheable(false)
@IdClass(RecordSequenceEntity.Key.class)
@Table(name = "DUMP_RECORD_SEQUENCE")
public class RecordSequenceEntity {

    @Id
    @Column(name = "MODULE", length = 32)
    private String module;

    @Id
    @Column(name = "ORIGIN", length = 64)
    private String origin;

    @Column(name = "LAST_SEQ", nullable = false)
    private long last;

    protected RecordSequenceEntity() {
        // for JPA
    }

    RecordSequenceEntity(String module, String origin) {
        this.module = module;
        this.origin = origin;
    }

    long last() {
        return last;
    }

    void last(long value) {
        last = value;
    }

    /** The primary key: module and origin. */
    public static final class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String module;
        private String origin;

        public Key() {
            // for JPA
        }

        public Key(String module, String origin) {
            this.module = module;
            this.origin = origin;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(module, key.module) && Objects.equals(origin, key.origin);
        }

        @Override
        public int hashCode() {
            return Objects.hash(module, origin);
        }
    }
}
