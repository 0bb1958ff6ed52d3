package org.dump.web.internal.security;

import javax.servlet.http.HttpServletRequest;

import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

/**
 * The address the request being answered came from: the TCP peer Jetty saw. Forwarded headers are not read (anyone
 * could write them), so behind a reverse proxy every request comes from the proxy's address.
 */
public final class RemoteAddress {

    private RemoteAddress() {
    }

    /** @return the IP address of the current JAX-RS request's peer, or null outside a request */
    public static String current() {
        Message message = JAXRSUtils.getCurrentMessage();
        Object request = message == null ? null : message.get(AbstractHTTPDestination.HTTP_REQUEST);
        return request instanceof HttpServletRequest http ? http.getRemoteAddr() : null;
    }
}
