package org.dump.web.internal.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Request;
import javax.ws.rs.core.Response;

import org.dump.api.web.ModulePage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code GET /api/page/1/dump-page.js} ({@link ModulePage#SCRIPT}): the page contract that module pages load, as the
 * adapter API bundle holds it. It is read from there, not from a copy in this bundle, so that the contract a node
 * serves is the one of the API it runs, and the API's baseline covers it. Browsers check with the node before using a
 * copy they hold, and get 304 while it is the same (an ETag of its content): it changes only with the API bundle.
 */
@Component(service = PageScriptResource.class)
@Path(PageScriptResource.PATH)
public final class PageScriptResource {

    /** The resource's path under /api: ModulePage.SCRIPT without /api and the file name (a test keeps them equal). */
    static final String PATH = "page/1";
    static final String FILE = "dump-page.js";
    static final String TYPE = "text/javascript; charset=utf-8";

    private final byte[] script;
    private final EntityTag tag;

    @Activate
    public PageScriptResource() {
        try (InputStream in = ModulePage.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException("the adapter API bundle holds no " + FILE + " beside ModulePage");
            }
            script = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page contract " + FILE + " of the adapter API", e);
        }
        tag = new EntityTag(sha256(script));
    }

    @GET
    @Path(FILE)
    @Produces(TYPE)
    public Response script(@Context Request request) {
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        Response.ResponseBuilder answer = unchanged != null ? unchanged : Response.ok(script, TYPE).tag(tag);
        // Scripts may be cached, unlike the rest of the API, but only after asking whether they are still current.
        return answer.header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
