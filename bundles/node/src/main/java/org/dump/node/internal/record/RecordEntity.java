package org.dump.node.internal.record;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.dump.node.record.SignedRecord;

/**
 * One record of one module as stored, with the origin's signature over all of it. A deleted record keeps its row
 * without payload, as the signed statement that it was deleted; queries never show it. Not kept in the shared
 * cache: a node holds far more records than it reads twice, and reads must see what the database holds.
 */
@Entity
@Cacheable(false)
// Unique indexes rather than unique constraints: EclipseLink's create-or-extend adds constraints again at every
// start (and Derby refuses them noisily), while indexes are made with the table only.
@Table(name = "DUMP_RECORD", indexes = {
        @Index(name = "DUMP_RECORD_SEQ", columnList = "MODULE, ORIGIN, SEQ", unique = true),
        // Newest first is the order modules ask for most: this index gives it without sorting (ties: see
        // RecordQueries), so the first page of 100,000 records costs as much as that of ten.
        @Index(name = "DUMP_RECORD_NEWEST_FIRST", columnList = "MODULE, TYPE, CREATED_MILLIS DESC, SEQ DESC, ID DESC"),
        // What the search index has not seen yet, after a crash: see RecordSearch.
        @Index(name = RecordIndexes.LOCAL_CHANGE, columnList = "LOCAL_CHANGE")})
public class RecordEntity {

    /** The insert of a new row with plain JDBC ({@link BatchRows}), as {@link #bindInsert} fills it in. */
    static final String INSERT = "INSERT INTO DUMP_RECORD (ID, MODULE, TYPE, ORIGIN, SEQ, AUTHOR, CREATED_MILLIS,"
            + " UPDATED_MILLIS, DATA_VERSION, DELETED, PAYLOAD_TEXT, PAYLOAD, TEXT_INDEX, SIGNATURE, LOCAL_CHANGE)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The columns of a stored version that {@link #fromRow} reads, for plain JDBC reads ({@link RecordVersions}, {@link StoredRecordCheck}). */
    static final String COLUMNS = "ID, MODULE, TYPE, ORIGIN, SEQ, AUTHOR, CREATED_MILLIS, UPDATED_MILLIS, DATA_VERSION,"
            + " DELETED, PAYLOAD_TEXT, PAYLOAD, SIGNATURE";

    /** Payloads of at most this many characters are kept in {@link #payloadText}; Derby's VARCHAR takes 32,672. */
    static final int MAX_PAYLOAD_TEXT = 32_000;

    @Id
    @Column(name = "ID", length = 64)
    private String id;

    @Column(name = "MODULE", nullable = false, length = 32)
    private String module;

    @Column(name = "TYPE", nullable = false, length = 32)
    private String type;

    @Column(name = "ORIGIN", nullable = false, length = 64)
    private String origin;

    @Column(name = "SEQ", nullable = false)
    private long sequence;

    @Column(name = "AUTHOR", length = 64)
    private String author;

    @Column(name = "CREATED_MILLIS", nullable = false)
    private long createdMillis;

    @Column(name = "UPDATED_MILLIS", nullable = false)
    private long updatedMillis;

    @Column(name = "DATA_VERSION", nullable = false, length = 32)
    private String dataVersion;

    @Column(name = "DELETED", nullable = false)
    private boolean deleted;

    /**
     * The payload exactly as signed (canonical JSON text) if it has at most {@link #MAX_PAYLOAD_TEXT} characters, as
     * nearly all have: Derby stores and reads a VARCHAR in the row for less than a CLOB, which it streams. Null
     * once deleted, and for a longer payload.
     */
    @Column(name = "PAYLOAD_TEXT", length = MAX_PAYLOAD_TEXT)
    private String payloadText;

    /** A longer payload (up to the node's limit), or one stored before {@link #payloadText} existed. */
    @Lob
    @Column(name = "PAYLOAD")
    private String payload;

    /**
     * The top-level strings of the payload in lower case, one per line, for text searches (LIKE '%…%', which no
     * B-tree index would help). Derived from the payload, not signed; null once deleted.
     */
    @Column(name = "TEXT_INDEX", length = PayloadJson.MAX_TEXT_INDEX)
    private String textIndex;

    /** Ed25519 signature of the origin over {@link SignedRecord#signedBytes()}, in base64. */
    @Column(name = "SIGNATURE", nullable = false, length = 100)
    private String signature;

    /**
     * The number of this node's writer batch that last wrote the row (rising with every batch; not signed, not sent
     * anywhere): the search index catches up on the rows above the last number it committed. Null in rows of nodes
     * older than the index, which an index that is new to them reads in full anyway.
     */
    @Column(name = "LOCAL_CHANGE")
    private Long localChange;

    protected RecordEntity() {
        // for JPA
    }

    RecordEntity(SignedRecord record) {
        id = record.id();
        module = record.module();
        type = record.type();
        origin = record.origin();
        copy(record);
    }

    /** Takes over the fields of a new version of the same record. */
    void copy(SignedRecord record) {
        sequence = record.sequence();
        author = record.author();
        createdMillis = record.createdMillis();
        updatedMillis = record.updatedMillis();
        dataVersion = record.dataVersion();
        deleted = record.deleted();
        boolean inRow = record.payload() != null && record.payload().length() <= MAX_PAYLOAD_TEXT;
        payloadText = inRow ? record.payload() : null;
        payload = inRow ? null : record.payload();
        signature = record.signature();
    }

    /** Sets the parameters of {@link #INSERT} to this row. */
    void bindInsert(PreparedStatement insert) throws SQLException {
        insert.setString(1, id);
        insert.setString(2, module);
        insert.setString(3, type);
        insert.setString(4, origin);
        insert.setLong(5, sequence);
        insert.setString(6, author);
        insert.setLong(7, createdMillis);
        insert.setLong(8, updatedMillis);
        insert.setString(9, dataVersion);
        insert.setBoolean(10, deleted);
        insert.setString(11, payloadText);
        insert.setString(12, payload);
        insert.setString(13, textIndex);
        insert.setString(14, signature);
        insert.setLong(15, localChange == null ? 0 : localChange);
    }

    /** Notes the writer batch that writes this row now. */
    void localChange(long batch) {
        localChange = batch;
    }

    /** @return the stored version in the current row of {@code row}, selected as {@link #COLUMNS} */
    static SignedRecord fromRow(ResultSet row) throws SQLException {
        String payloadText = row.getString(11);
        return new SignedRecord(row.getString(2), row.getString(3), row.getString(1), row.getString(4),
                row.getLong(5), row.getString(6), row.getLong(7), row.getLong(8), row.getString(9),
                row.getBoolean(10), payloadText != null ? payloadText : row.getString(12), row.getString(13));
    }

    SignedRecord toSigned() {
        return new SignedRecord(module, type, id, origin, sequence, author, createdMillis, updatedMillis, dataVersion,
                deleted, payloadText != null ? payloadText : payload, signature);
    }

    String id() {
        return id;
    }

    String module() {
        return module;
    }

    void textIndex(String text) {
        textIndex = text;
    }

    boolean deleted() {
        return deleted;
    }
}
