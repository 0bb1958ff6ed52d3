package org.dump.node.internal.record;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * One top-level string or number of a live record's payload, copied out so that queries can filter and sort on it
 * in SQL without reading payloads: strings in lower case (searches ignore case), numbers as doubles.
 */
@Entity
@Cacheable(false)
@IdClass(RecordFieldEntity.Key.class)
@Table(name = "DUMP_RECORD_FIELD", indexes = {
        @Index(name = "DUMP_RECORD_FIELD_NUMBER", columnList = "NAME, NUMBER_VALUE"),
        @Index(name = "DUMP_RECORD_FIELD_TEXT", columnList = "NAME, TEXT_VALUE")})
public class RecordFieldEntity {

    /** Longest text kept for searching; longer strings are searched in their first part. */
    static final int MAX_TEXT = 1000;

    @Id
    @Column(name = "RECORD_ID", length = 64)
    private String recordId;

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

    @Column(name = "TEXT_VALUE", length = MAX_TEXT)
    private String textValue;

    @Column(name = "NUMBER_VALUE")
    private Double numberValue;

    protected RecordFieldEntity() {
        // for JPA
    }

    RecordFieldEntity(String recordId, String name) {
        this.recordId = recordId;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** @return whether the value changed */
    boolean set(String text, Double number) {
        boolean changed = !Objects.equals(text, textValue) || !Objects.equals(number, numberValue);
        textValue = text;
        numberValue = number;
        return changed;
    }

    /** The primary key: record and field name. */
    public static final class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        private String recordId;
        private String name;

        public Key() {
            // for JPA
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(recordId, key.recordId) && Objects.equals(name, key.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(recordId, name);
        }
    }
}
