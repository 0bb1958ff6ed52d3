package ${package};

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.NotAuthorizedException;

import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.NotAuthorException;
import org.dump.testkit.InMemoryRecordStore;
import org.dump.testkit.TestActingUser;
import org.junit.Test;

/**
 * The resource and the rules on the test kit's in-memory record store, which keeps the node's rules (types, payloads,
 * authors, queries) and runs the module's validator as the node does.
 */
public class NoteResourceTest {

    private final TestActingUser acting = new TestActingUser();
    private final InMemoryRecordStore store = new InMemoryRecordStore(NoteResource.MODULE_ID, acting)
            .addValidator(new NoteRules());
    private final NoteResource notes = new NoteResource(store, acting);

    @Test
    public void aSignedInUserWritesANoteAndFindsIt() {
        acting.signIn("adam");
        Note written = (Note) notes.create(new NoteResource.NoteInput("  Buy wool  ")).getEntity();

        assertEquals("Buy wool", written.text());
        assertTrue(written.mine());
        assertEquals(List.of(written), notes.list(null).notes());
        assertEquals(List.of(written), notes.list("WOOL").notes());
        assertEquals(List.of(), notes.list("silk").notes());
        assertEquals(written, notes.get(written.id()));
    }

    @Test
    public void othersReadANoteButOnlyItsAuthorDeletesIt() {
        acting.signIn("adam");
        Note written = (Note) notes.create(new NoteResource.NoteInput("Mine")).getEntity();
        acting.signIn("bea");
        assertFalse(notes.get(written.id()).mine());
        assertThrows(NotAuthorException.class, () -> notes.delete(written.id()));
        acting.signIn("adam");
        notes.delete(written.id());
        assertEquals(List.of(), notes.list(null).notes());
    }

    @Test
    public void badInputGetsA400NamingTheField() {
        acting.signIn("adam");
        BadRequestException empty = assertThrows(BadRequestException.class,
                () -> notes.create(new NoteResource.NoteInput(" ")));
        assertEquals("text: a note needs a text", empty.getMessage());
        assertThrows(BadRequestException.class, () -> notes.create(null));
        assertThrows(BadRequestException.class, () -> notes.create(new NoteResource.NoteInput("x".repeat(1001))));
        assertThrows(BadRequestException.class, () -> notes.list("x".repeat(1001)));
    }

    @Test
    public void nobodySignedInIsAskedToSignIn() {
        assertThrows(NotAuthorizedException.class, () -> notes.list(null));
        assertThrows(NotAuthorizedException.class, () -> notes.create(new NoteResource.NoteInput("hi")));
    }

    @Test
    public void theRulesRefuseBadNotesFromOtherNodesToo() {
        InvalidRecordException refused = assertThrows(InvalidRecordException.class,
                () -> store.receive("othernode", "note", Map.of("text", 42), null));
        assertTrue(refused.getMessage(), refused.getMessage().endsWith("text: a note needs a text"));
        assertThrows(InvalidRecordException.class,
                () -> store.receive("othernode", "note", Map.of("text", "hi", "extra", 1), null));
        assertThrows(InvalidRecordException.class, () -> store.receive("othernode", "other", Map.of("text", "hi"), null));
        assertTrue(store.records().isEmpty());
    }
}
