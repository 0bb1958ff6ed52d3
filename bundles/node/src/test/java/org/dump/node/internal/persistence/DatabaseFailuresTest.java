package org.dump.node.internal.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Optional;

import javax.persistence.PersistenceException;

import org.junit.Test;

public class DatabaseFailuresTest {

    @Test
    public void derbysPageWriteFailureThroughTheLayersOfABatchInsert() {
        // As the record writer met it on a full ext4: BatchUpdateException, its next exception, Derby's own, ENOSPC.
        SQLException page = new SQLException("Page Page(3,Container(0, 1648)) could not be written to disk, please "
                + "check if the disk is full", "XSDG1", 40000);
        BatchUpdateException batch = new BatchUpdateException(page.getMessage(), "XSDG1", 40000, new int[0], null);
        batch.setNextException(page);
        RuntimeException failure = new PersistenceException("could not insert the new records of a batch", batch);

        Optional<String> reason = DatabaseFailures.outOfSpace(failure);

        assertTrue(reason.isPresent());
        assertTrue(reason.get(), reason.get().startsWith("XSDG1 Page Page(3"));
    }

    @Test
    public void derbysLogWriteFailureRecoveryWriteFailureAndPostgresqlsDiskFull() {
        for (String state : new String[] {"XSLA4", "XSDFI", "53100"}) {
            assertTrue(state, DatabaseFailures.outOfSpace(new PersistenceException(new SQLException("no", state)))
                    .isPresent());
        }
    }

    @Test
    public void theNextExceptionOfAnSqlExceptionIsLookedAt() {
        // Derby's "failed to start database" (XJ040) names the cause only as its next exception.
        SQLException boot = new SQLException("Failed to start database", "XJ040");
        boot.setNextException(new SQLException("the transaction log could not be written", "XSLA4"));
        assertEquals(Optional.of("XSLA4 the transaction log could not be written"),
                DatabaseFailures.outOfSpace(new PersistenceException(boot)));
    }

    @Test
    public void theOperatingSystemsWordsInAnIoExceptionAnywhereInTheChain() {
        RuntimeException failure = new IllegalStateException("wrapped", new SQLException("write failed", "XSDG0",
                new IOException("No space left on device")));
        assertEquals(Optional.of("No space left on device"), DatabaseFailures.outOfSpace(failure));
        assertTrue(DatabaseFailures.outOfSpace(new RuntimeException(new IOException("Disk quota exceeded")))
                .isPresent());
    }

    @Test
    public void otherFailuresAreNotALackOfSpace() {
        assertEquals(Optional.empty(), DatabaseFailures.outOfSpace(new PersistenceException("duplicate key",
                new SQLException("The statement was aborted because it would have caused a duplicate key", "23505"))));
        assertEquals(Optional.empty(), DatabaseFailures.outOfSpace(new PersistenceException(
                new SQLNonTransientConnectionException("No current connection.", "08003"))));
        // The words alone, outside an IOException, are no proof: a user's text may hold them.
        assertEquals(Optional.empty(), DatabaseFailures.outOfSpace(new IllegalArgumentException("No space left on device")));
        assertEquals(Optional.empty(), DatabaseFailures.outOfSpace(new IOException((String) null)));
    }

    @Test
    public void aCycleOfCausesEnds() {
        SQLException first = new SQLException("first", "XJ001");
        SQLException second = new SQLException("second", "XJ001");
        first.setNextException(second);
        second.setNextException(first);
        RuntimeException failure = new RuntimeException(first);
        first.initCause(failure);
        assertEquals(Optional.empty(), DatabaseFailures.outOfSpace(failure));
    }

    @Test
    public void aConnectionTheDatabaseClosedUnderTheWork() {
        // Derby's answer on every connection of a database it shut down, under EclipseLink's commit.
        RuntimeException commit = new javax.persistence.RollbackException(new PersistenceException(
                new SQLNonTransientConnectionException("No current connection.", "08003")));
        assertEquals(Optional.of("08003 No current connection."), DatabaseFailures.connectionLost(commit));
        assertTrue(DatabaseFailures.connectionLost(new SQLException("terminating connection", "57P01")).isPresent());
        // A connection asked for while Derby shuts the database down.
        assertTrue(DatabaseFailures.connectionLost(new PersistenceException(new SQLException(
                "Database '/srv/derby' not found.", "XJ004"))).isPresent());
        assertEquals(Optional.empty(), DatabaseFailures.connectionLost(new PersistenceException(
                new SQLException("duplicate key", "23505"))));
        assertEquals(Optional.empty(), DatabaseFailures.outOfSpace(commit));
    }
}
