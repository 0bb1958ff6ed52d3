package org.dump.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dump.api.module.ModuleNamespace;
import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordChange;
import org.dump.api.record.RecordQuery;
import org.junit.Test;

/** A module's validators and listeners on the in-memory store, as the node runs them (docs/modules.md, Records). */
public class RecordRulesAndListenersTest {

    private final TestActingUser acting = new TestActingUser();
    private final InMemoryRecordStore records = new InMemoryRecordStore("notes", acting);
    private final List<RecordChange> heard = new ArrayList<>();

    public RecordRulesAndListenersTest() {
        records.addValidator((type, payload) -> {
            if (!(payload.get("text") instanceof String text) || text.isBlank()) {
                throw new InvalidRecordException("text: a note needs a text");
            }
        });
        records.addListener(heard::add);
    }

    @Test
    public void aRefusedRecordIsNotStoredAndTheMessageNamesModuleTypeAndRule() {
        acting.signIn("adam");
        InvalidRecordException refused = assertThrows(InvalidRecordException.class,
                () -> records.create("note", Map.of("text", " ")));
        assertEquals("module notes refuses this note: text: a note needs a text", refused.getMessage());
        assertTrue(records.records().isEmpty());
        assertTrue(heard.isEmpty());

        ModuleRecord note = records.create("note", Map.of("text", "hello"));
        assertThrows(InvalidRecordException.class, () -> records.update(note.id(), Map.of("text", 5)));
        assertEquals(note, records.get(note.id()).orElseThrow());
        assertThrows(InvalidRecordException.class,
                () -> records.receive("othernode", "note", Map.of(), null));
        assertEquals(1, records.query(RecordQuery.ofType("note")).records().size());
    }

    @Test
    public void aValidatorThatFailsRefusesTheRecord() {
        records.addValidator((type, payload) -> {
            throw new IllegalStateException("bug");
        });
        InvalidRecordException refused = assertThrows(InvalidRecordException.class,
                () -> records.create("note", Map.of("text", "hello")));
        assertEquals("the rules of module notes could not check this note", refused.getMessage());
    }

    @Test
    public void listenersHearEveryChangeInOrderAndOneThatThrowsKeepsHearing() {
        List<RecordChange.Kind> failing = new ArrayList<>();
        records.addListener(change -> {
            failing.add(change.kind());
            throw new IllegalStateException("listener bug");
        });
        acting.signIn("adam");
        ModuleRecord note = records.create("note", Map.of("text", "hello"));
        ModuleRecord changed = records.update(note.id(), Map.of("text", "hello again"));
        records.delete(note.id());
        ModuleRecord theirs = records.receive("othernode", "note", Map.of("text", "from afar"), null);

        assertEquals(List.of(new RecordChange(RecordChange.Kind.CREATED, note, true),
                new RecordChange(RecordChange.Kind.UPDATED, changed, true),
                new RecordChange(RecordChange.Kind.DELETED, changed, true),
                new RecordChange(RecordChange.Kind.CREATED, theirs, false)), heard);
        assertEquals(4, failing.size());
    }

    @Test
    public void badSettingsAreRefusedWithClearMessages() {
        IllegalArgumentException module = assertThrows(IllegalArgumentException.class,
                () -> new InMemoryRecordStore("Notes", acting));
        assertTrue(module.getMessage(), module.getMessage().contains(ModuleNamespace.ID_PATTERN));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryRecordStore("notes", "1.0", acting,
                java.time.Clock.systemUTC(), 1000));
        assertThrows(IllegalArgumentException.class, () -> acting.signIn("Adam"));
        assertThrows(IllegalArgumentException.class, () -> records.receive(InMemoryRecordStore.THIS_NODE, "note",
                Map.of("text", "x"), null));
    }
}
