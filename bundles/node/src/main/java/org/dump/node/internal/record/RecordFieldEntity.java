package org.dump.node.internal.record;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

/**
 * One top-level number of a live record's payload, copied out as a double so that queries can filter and order on
 * it through an index. (Strings are searched in the record's own text index, {@link RecordEntity}: one row fewer
 * per string field is what lets the store write thousands of records a second on Derby.)
 */
@Entity
@Cacheable(false)
@IdClass(RecordFieldEntity.Key.class)
// Ordered by a number, ties by record id, in either direction: a page is read from one of these without a sort
// (RecordQueries). A database of an older node also has DUMP_RECORD_FIELD_NUMBER (NAME, NUMBER_VALUE); RecordIndexes
// adds these two to it.
@Table(name = "DUMP_RECORD_FIELD", indexes = {
        @Index(name = RecordIndexes.NUMBER_ASCENDING, columnList = "NAME, NUMBER_VALUE, RECORD_ID"),
        @Index(name = RecordIndexes.NUMBER_DESCENDING, columnList = "NAME, NUMBER_VALUE DESC, RECORD_ID DESC")})
public class RecordFieldEntity {

    /** The insert of a new row with plain JDBC ({@link BatchRows}), as {@link #bindInsert} fills it in. */
    static final String INSERT = "INSERT INTO DUMP_RECORD_FIELD (RECORD_ID, NAME, NUMBER_VALUE) VALUES (?, ?, ?)";

    @Id
    @Column(name = "RECORD_ID", length = 64)
    private String recordId;

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

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

    void set(double number) {
        numberValue = number;
    }

    /** Sets the parameters of {@link #INSERT} to this row. */
    void bindInsert(PreparedStatement insert) throws SQLException {
        insert.setString(1, recordId);
        insert.setString(2, name);
        if (numberValue == null) {
            insert.setNull(3, Types.DOUBLE);
        } else {
            insert.setDouble(3, numberValue);
        }
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
