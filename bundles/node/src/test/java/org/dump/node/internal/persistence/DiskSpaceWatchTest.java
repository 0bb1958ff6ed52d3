package org.dump.node.internal.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.PersistenceException;

import org.dump.node.persistence.DatabaseUnavailableException;
import org.dump.node.persistence.StorageFullException;
import org.dump.node.testing.MutableClock;
import org.junit.Test;

public class DiskSpaceWatchTest {

    private static final long MIB = 1024 * 1024;
    private static final DatabaseLocation DERBY = new DatabaseLocation("jdbc:derby:/srv/derby",
            Optional.of(Path.of("/srv/derby")));
    private static final DatabaseLocation SERVER = new DatabaseLocation("jdbc:postgresql://db/dump", Optional.empty());

    private final MutableClock clock = new MutableClock();
    private final AtomicLong free = new AtomicLong(4096);

    private DiskSpaceWatch watch(DatabaseLocation location) {
        return new DiskSpaceWatch(() -> location, directory -> free.get(), 32 * MIB, clock);
    }

    private static RuntimeException pageNotWritten() {
        return new PersistenceException(new SQLException("Page could not be written to disk", "XSDG1"));
    }

    @Test
    public void aFullDiskRefusesWritesAtOnceUntilFreeSpaceComesBack() {
        DiskSpaceWatch watch = watch(DERBY);
        watch.checkWritable(); // room, as far as anyone knows

        RuntimeException thrown = watch.failed(pageNotWritten(), true);

        StorageFullException full = (StorageFullException) thrown;
        assertTrue(full.writing());
        assertEquals(DiskSpaceWatch.RETRY_AFTER, full.retryAfter());
        assertTrue(watch.refusing());
        assertThrows(StorageFullException.class, watch::checkWritable);
        clock.advance(Duration.ofSeconds(5));
        assertThrows("still 4 KiB free", StorageFullException.class, watch::checkWritable);

        free.set(40 * MIB);
        assertThrows("free space is looked at once a second, not at every write", StorageFullException.class,
                watch::checkWritable);
        clock.advance(DiskSpaceWatch.LOOK);
        watch.checkWritable(); // let through to try
        watch.checkWritable(); // and so are the others, until one fails or commits
        watch.wrote();
        assertFalse(watch.refusing());
        watch.checkWritable();
    }

    @Test
    public void aWriteThatBeganBeforeTheDiskFilledDoesNotEndTheRefusals() {
        DiskSpaceWatch watch = watch(DERBY);
        watch.failed(pageNotWritten(), true);
        watch.wrote(); // a write under way fitted in the pages the database had
        assertTrue(watch.refusing());
        assertThrows(StorageFullException.class, watch::checkWritable);
    }

    @Test
    public void aTryThatFailsAgainRefusesAgainWithoutANewRun() {
        DiskSpaceWatch watch = watch(DERBY);
        watch.failed(pageNotWritten(), true);
        free.set(40 * MIB);
        clock.advance(DiskSpaceWatch.LOOK);
        watch.checkWritable();

        // Room by the numbers, and the write fails all the same (a quota, a file-size limit): free space tells
        // nothing more, writes are tried again after a while.
        assertTrue(watch.failed(pageNotWritten(), true) instanceof StorageFullException);
        assertTrue(watch.refusing());
        clock.advance(DiskSpaceWatch.LOOK);
        assertThrows(StorageFullException.class, watch::checkWritable);
        clock.advance(DiskSpaceWatch.RETRY_AFTER);
        watch.checkWritable();
    }

    @Test
    public void aDatabaseServerIsTriedAgainAfterAWhile() {
        DiskSpaceWatch watch = watch(SERVER);
        watch.failed(new PersistenceException(new SQLException("could not extend file", "53100")), true);
        assertThrows(StorageFullException.class, watch::checkWritable);
        clock.advance(DiskSpaceWatch.RETRY_AFTER.minusSeconds(1));
        assertThrows(StorageFullException.class, watch::checkWritable);
        clock.advance(Duration.ofSeconds(1));
        watch.checkWritable();
        watch.wrote();
        assertFalse(watch.refusing());
    }

    @Test
    public void otherFailuresPassAsTheyAreAndRefuseNothing() {
        DiskSpaceWatch watch = watch(DERBY);
        RuntimeException duplicate = new PersistenceException(new SQLException("duplicate key", "23505"));
        assertSame(duplicate, watch.failed(duplicate, true));
        assertFalse(watch.refusing());
        watch.checkWritable();
    }

    @Test
    public void aReadThatFailsForLackOfSpaceSaysSo() {
        DiskSpaceWatch watch = watch(DERBY);
        StorageFullException full = (StorageFullException) watch.failed(pageNotWritten(), false);
        assertFalse(full.writing());
        assertTrue(full.getMessage(), full.getMessage().contains("cannot be opened"));
    }

    @Test
    public void whereTheDatabaseIsIsAskedAgainIfItWasNotKnown() {
        int[] asked = {0};
        DiskSpaceWatch watch = new DiskSpaceWatch(() -> ++asked[0] == 1 ? DatabaseLocation.UNKNOWN : DERBY,
                directory -> free.get(), 32 * MIB, clock);
        watch.failed(pageNotWritten(), true);
        assertEquals(2, asked[0]);
        free.set(40 * MIB);
        clock.advance(DiskSpaceWatch.LOOK);
        watch.checkWritable(); // free space of the directory it learnt
    }

    @Test
    public void sizesForPeople() {
        assertEquals("5 KiB", DiskSpaceWatch.size(5 * 1024 + 10));
        assertEquals("50 MiB", DiskSpaceWatch.size(50 * MIB + 1));
        assertEquals("2.5 GiB", DiskSpaceWatch.size(2560 * MIB));
    }

    @Test
    public void workWhoseConnectionTheDatabaseClosedIsToBeTriedAgainAtOnce() {
        DiskSpaceWatch watch = watch(DERBY);
        RuntimeException lost = new PersistenceException(new SQLException("No current connection.", "08003"));

        DatabaseUnavailableException unavailable = (DatabaseUnavailableException) watch.failed(lost, true);

        assertFalse(unavailable instanceof StorageFullException);
        assertSame(lost, unavailable.getCause());
        assertEquals(DiskSpaceWatch.RETRY_LOST, unavailable.retryAfter());
        assertFalse("a lost connection refuses nothing", watch.refusing());
        watch.checkWritable();
    }
}
