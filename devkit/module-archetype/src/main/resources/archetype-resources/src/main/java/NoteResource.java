package ${package};

import java.util.List;
import java.util.Map;

import javax.ws.rs.BadRequestException;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.dump.api.author.ActingUser;
import org.dump.api.module.Module;
import org.dump.api.record.ModuleRecord;
import org.dump.api.record.RecordFilter;
import org.dump.api.record.RecordQuery;
import org.dump.api.record.RecordStore;
import org.dump.api.web.ModuleResource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The REST resource of the module, served by the node at {@code /api/modules/${moduleId}/notes}: signed-in users write
 * notes, everyone who is signed in reads them, whichever node they were written on. {@code @Module} declares the
 * bundle a module; bnd turns it into the manifest's {@code dump.module} capability.
 */
@Module(id = NoteResource.MODULE_ID, dataVersion = "1.0.0", search = "note.text")
@Component(service = ModuleResource.class)
@Path("notes")
@Produces(MediaType.APPLICATION_JSON)
public final class NoteResource implements ModuleResource {

    /** The module's id: in URLs, between nodes, in {@code dump:module-install}. */
    public static final String MODULE_ID = "${moduleId}";

    /** How many notes one answer holds at most. */
    static final int PAGE = 50;

    private final RecordStore store;
    private final ActingUser acting;

    @Activate
    public NoteResource(@Reference RecordStore store, @Reference ActingUser acting) {
        this.store = store;
        this.acting = acting;
    }

    /** What a client sends to write a note. */
    public record NoteInput(String text) {
    }

    /** A page of notes, newest first. */
    public record Notes(List<Note> notes, boolean more) {
    }

    /** The newest notes, or those whose text contains {@code q} (ignoring case). */
    @GET
    public Notes list(@QueryParam("q") String q) {
        requireSignedIn();
        RecordQuery query = RecordQuery.ofType(NoteRules.TYPE).page(0, PAGE);
        if (q != null && !q.isBlank()) {
            if (q.length() > RecordFilter.MAX_SEARCH_TEXT) {
                throw new BadRequestException("q: a search is at most " + RecordFilter.MAX_SEARCH_TEXT
                        + " characters");
            }
            query = query.where(RecordFilter.textContains(q.strip(), NoteRules.TEXT));
        }
        var page = store.query(query);
        return new Notes(page.records().stream().map(record -> Note.of(record, acting)).toList(), page.hasMore());
    }

    @GET
    @Path("{id}")
    public Note get(@PathParam("id") String id) {
        requireSignedIn();
        return store.get(id).filter(record -> record.type().equals(NoteRules.TYPE)).map(record -> Note.of(record, acting))
                .orElseThrow(() -> new NotFoundException("no note " + id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NoteInput input) {
        requireSignedIn();
        Map<String, Object> payload = NoteRules.payload(input == null ? null : input.text());
        ModuleRecord created = store.create(NoteRules.TYPE, payload);
        return Response.status(Response.Status.CREATED).header("Location", "notes/" + created.id())
                .entity(Note.of(created, acting)).build();
    }

    /** Deletes a note: its author only (the store refuses anyone else with a 403). */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        requireSignedIn();
        store.delete(id);
        return Response.noContent().build();
    }

    private void requireSignedIn() {
        if (!acting.isSignedIn()) {
            throw new NotAuthorizedException("sign in to use the notes", "Basic realm=\"dump\"");
        }
    }
}
