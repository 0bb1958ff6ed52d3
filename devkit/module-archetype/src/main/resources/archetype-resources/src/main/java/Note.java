package ${package};

import org.dump.api.author.ActingUser;
import org.dump.api.record.ModuleRecord;

/**
 * A note as clients see it: its text and when it was written, and whether the caller wrote it; nothing about its
 * author, whose account a module never learns.
 *
 * @param created when it was written, ISO-8601
 * @param mine    whether the signed-in user wrote it
 */
public record Note(String id, String text, String created, boolean mine) {

    static Note of(ModuleRecord record, ActingUser acting) {
        return new Note(record.id(), record.text(NoteRules.TEXT).orElse(""), record.created().toString(),
                acting.isAuthorOf(record));
    }
}
