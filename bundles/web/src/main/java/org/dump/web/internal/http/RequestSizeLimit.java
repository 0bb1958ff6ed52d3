package org.dump.web.internal.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.Response.Status;

import org.dump.web.internal.security.WebConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Refuses request bodies above the configured size with 413: at once when Content-Length says so, and as soon as
 * the limit is crossed for a body sent in chunks, so no request can make the node buffer more than the limit.
 */
@Component(service = RequestSizeLimit.class, configurationPid = WebConfig.PID)
@PreMatching
public final class RequestSizeLimit implements ContainerRequestFilter {

    private final long maxBytes;

    @Activate
    public RequestSizeLimit(WebConfig config) {
        this.maxBytes = config.maxRequestBytes();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            request.abortWith(ErrorBody.response(Status.REQUEST_ENTITY_TOO_LARGE, tooLarge()).build());
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Limited(request.getEntityStream()));
        }
    }

    private String tooLarge() {
        return "the request body is larger than the " + maxBytes + " bytes this node accepts";
    }

    /** Counts what is read and fails once more than the limit has arrived. */
    private final class Limited extends FilterInputStream {

        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new WebApplicationException(tooLarge(), Status.REQUEST_ENTITY_TOO_LARGE);
            }
        }
    }
}
