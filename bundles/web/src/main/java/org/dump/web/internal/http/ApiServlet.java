package org.dump.web.internal.http;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.dump.web.internal.security.ActingUserBinding;

/** The CXF servlet of the API, which also ends the acting scope of every request it served. */
final class ApiServlet extends CXFNonSpringServlet {

    private static final long serialVersionUID = 1L;

    private final transient ActingUserBinding acting;

    ApiServlet(DestinationRegistry destinations, ActingUserBinding acting) {
        super(destinations, false);
        this.acting = acting;
    }

    @Override
    protected void invoke(HttpServletRequest request, HttpServletResponse response) throws ServletException {
        try {
            super.invoke(request, response);
        } finally {
            acting.end();
        }
    }
}
