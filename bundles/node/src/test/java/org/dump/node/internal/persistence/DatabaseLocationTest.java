package org.dump.node.internal.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.Test;

public class DatabaseLocationTest {

    private static final Path HOME = Path.of("/srv/dump/node-x");

    @Test
    public void embeddedDerbysDirectoryAbsoluteOrUnderDerbysHome() {
        assertEquals(Optional.of(Path.of("/srv/dump/node-x/data/dump/derby")),
                DatabaseLocation.of("jdbc:derby:/srv/dump/node-x/data/dump/derby", HOME).directory());
        assertEquals(Optional.of(Path.of("/mnt/db/derby")),
                DatabaseLocation.of("jdbc:derby:directory:/mnt/db/derby;create=true", HOME).directory());
        assertEquals(Optional.of(Path.of("/srv/dump/node-x/data/derby")),
                DatabaseLocation.of("jdbc:derby:data/derby", HOME).directory());
        assertEquals("/mnt/db/derby", DatabaseLocation.of("jdbc:derby:/mnt/db/derby", HOME).toString());
    }

    @Test
    public void noDirectoryOfItsOwnToLookAt() {
        for (String url : new String[] {"jdbc:derby:memory:test", "jdbc:derby://db.example.org:1527/dump",
            "jdbc:derby:jar:(/x.jar)db", "jdbc:postgresql://localhost:5432/dump"}) {
            assertFalse(url, DatabaseLocation.of(url, HOME).directory().isPresent());
        }
        assertEquals("jdbc:postgresql://localhost:5432/dump",
                DatabaseLocation.of("jdbc:postgresql://localhost:5432/dump", HOME).toString());
    }

    @Test
    public void aPasswordInTheUrlStaysOutOfTheLog() {
        assertEquals("jdbc:postgresql://db:5432/dump?user=dump&password=…",
                DatabaseLocation.of("jdbc:postgresql://db:5432/dump?user=dump&password=secret", HOME).toString());
        assertEquals("jdbc:postgresql://db:5432/dump",
                DatabaseLocation.of("jdbc:postgresql://dump:secret@db:5432/dump", HOME).toString());
    }
}
