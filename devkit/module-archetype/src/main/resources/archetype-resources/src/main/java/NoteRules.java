package ${package};

import java.util.Map;

import javax.ws.rs.BadRequestException;

import org.dump.api.record.InvalidRecordException;
import org.dump.api.record.RecordValidator;
import org.osgi.service.component.annotations.Component;

/**
 * The rules of a note, written once: the node runs them on every note before storing it, written here or received
 * from another node (which never passes through {@link NoteResource}), and the resource uses them to answer a
 * user's bad input with a 400 that names the field.
 */
@Component(property = RecordValidator.MODULE + "=" + NoteResource.MODULE_ID)
public final class NoteRules implements RecordValidator {

    /** The record type of a note. */
    static final String TYPE = "note";
    static final String TEXT = "text";
    static final int MAX_TEXT = 1000;

    @Override
    public void validate(String type, Map<String, Object> payload) {
        if (!TYPE.equals(type)) {
            throw new InvalidRecordException("type: this module keeps notes only, not " + type);
        }
        String problem = problem(payload.get(TEXT));
        if (problem != null) {
            throw new InvalidRecordException(problem);
        }
        if (payload.size() != 1) {
            throw new InvalidRecordException("a note holds its text and nothing else");
        }
    }

    /** @return the payload of a note with {@code text}; a 400 naming the field if it breaks a rule */
    static Map<String, Object> payload(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new BadRequestException(problem);
        }
        return Map.of(TEXT, text.strip());
    }

    /** @return what is wrong with a note's text, or null */
    private static String problem(Object text) {
        if (!(text instanceof String s) || s.isBlank()) {
            return "text: a note needs a text";
        }
        if (s.length() > MAX_TEXT) {
            return "text: a note is at most " + MAX_TEXT + " characters";
        }
        return null;
    }
}
