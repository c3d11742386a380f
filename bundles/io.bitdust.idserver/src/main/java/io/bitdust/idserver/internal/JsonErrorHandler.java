package io.bitdust.idserver.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the errors Jetty raises itself (malformed requests, ambiguous paths, failures outside the servlet) with the
 * same JSON envelope as the servlet's refusals, instead of an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        String text = reason == null ? HttpStatus.getMessage(status) : reason;
        LOG.info("Refused a malformed request: {} {}", status, text);
        fields.put(HttpHeader.CONTENT_TYPE, IdentityServlet.JSON);
        return ByteBuffer.wrap(IdentityServlet.error(text));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
            HttpServletResponse response, int code, String message) throws IOException {
        String text = message == null ? HttpStatus.getMessage(code) : message;
        LOG.info("Refused {} {}: {} {}", request.getMethod(), request.getRequestURI(), code, text);
        baseRequest.setHandled(true);
        byte[] body = IdentityServlet.error(text);
        response.setContentType(IdentityServlet.JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
