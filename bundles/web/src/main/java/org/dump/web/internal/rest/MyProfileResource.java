package org.dump.web.internal.rest;

import java.io.IOException;
import java.io.InputStream;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.ForbiddenException;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.Response.Status;
import javax.ws.rs.core.SecurityContext;

import org.dump.node.account.AccountService;
import org.dump.node.account.Avatar;
import org.dump.node.account.InvalidInputException;
import org.dump.node.account.AvatarRejectedException;
import org.dump.node.account.ProfileService;
import org.dump.node.account.ProfileUpdate;
import org.dump.web.internal.security.Caller;
import org.dump.web.internal.security.Callers;
import org.dump.web.internal.security.RemoteAddress;
import org.dump.web.internal.security.SessionStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code /api/me}: the signed-in user's own profile, avatar and password. */
@Component(service = MyProfileResource.class)
@Path("me")
@Produces(MediaType.APPLICATION_JSON)
public final class MyProfileResource {

    private final ProfileService profiles;
    private final AccountService accounts;
    private final SessionStore sessions;

    @Activate
    public MyProfileResource(@Reference ProfileService profiles, @Reference AccountService accounts,
            @Reference SessionStore sessions) {
        this.profiles = profiles;
        this.accounts = accounts;
        this.sessions = sessions;
    }

    @GET
    @Path("profile")
    public Views.ProfileInfo profile(@Context SecurityContext security) {
        return Views.ProfileInfo.of(profiles.get(Callers.signedIn(security).username()));
    }

    @PUT
    @Path("profile")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.ProfileInfo updateProfile(@Context SecurityContext security, Views.ProfileText body) {
        Caller caller = Callers.signedIn(security);
        Views.ProfileText text = JsonBodies.required(body);
        return Views.ProfileInfo.of(profiles.update(caller.username(),
                new ProfileUpdate(text.displayName(), text.email(), text.bio())));
    }

    @PUT
    @Path("avatar")
    @Consumes({"image/png", "image/jpeg", "image/gif", MediaType.APPLICATION_OCTET_STREAM})
    public Views.ProfileInfo uploadAvatar(@Context SecurityContext security,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) throws IOException {
        Caller caller = Callers.signedIn(security);
        byte[] image = readAtMost(body, profiles.maxAvatarBytes());
        return Views.ProfileInfo.of(profiles.setAvatar(caller.username(), new Avatar(contentType, image)));
    }

    @GET
    @Path("avatar")
    @Produces({"image/png", "image/jpeg", "image/gif", MediaType.APPLICATION_JSON})
    public Response avatar(@Context SecurityContext security) {
        Avatar avatar = profiles.avatar(Callers.signedIn(security).username())
                .orElseThrow(() -> new NotFoundException("you have no avatar"));
        CacheControl cache = new CacheControl();
        cache.setPrivate(true);
        cache.setNoCache(true);
        // nosniff: the type was checked against the bytes on upload; browsers must not second-guess it.
        return Response.ok(avatar.image(), avatar.mediaType()).cacheControl(cache)
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @DELETE
    @Path("avatar")
    public Views.ProfileInfo removeAvatar(@Context SecurityContext security) {
        return Views.ProfileInfo.of(profiles.removeAvatar(Callers.signedIn(security).username()));
    }

    @PUT
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@Context SecurityContext security, Views.PasswordChange body) {
        Caller caller = Callers.signedIn(security);
        Views.PasswordChange change = JsonBodies.required(body);
        String currentPassword = JsonBodies.requiredField("currentPassword", change.currentPassword());
        String newPassword = JsonBodies.requiredField("newPassword", change.newPassword());
        String source = RemoteAddress.current();
        if (accounts.authenticate(caller.username(), currentPassword.toCharArray(), source).isEmpty()) {
            throw new ForbiddenException("the current password is wrong");
        }
        try {
            accounts.changePassword(caller.username(), newPassword.toCharArray());
        } catch (InvalidInputException e) {
            // The account rules speak of "password"; in this request the field is newPassword.
            throw new InvalidInputException("newPassword", e.getMessage());
        }
        sessions.closeAllOf(caller.username());
        return Response.noContent().build();
    }

    /** Reads the body, failing with 413 as soon as it is longer than {@code limit}: it is never buffered whole. */
    private static byte[] readAtMost(InputStream body, int limit) throws IOException {
        if (body == null) {
            throw new AvatarRejectedException(AvatarRejectedException.Reason.NOT_AN_IMAGE, "the avatar is empty");
        }
        byte[] image = body.readNBytes(limit + 1);
        if (image.length > limit) {
            throw new WebApplicationException("the avatar is larger than the " + limit + " bytes this node accepts",
                    Status.REQUEST_ENTITY_TOO_LARGE);
        }
        return image;
    }
}
