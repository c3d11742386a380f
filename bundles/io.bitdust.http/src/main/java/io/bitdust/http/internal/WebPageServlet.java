package io.bitdust.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the web page (static files packed in this bundle under {@code /web}). The page holds no data: it calls the
 * API with the secret the user gives it.
 */
final class WebPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String file = FILES.get(path);
        InputStream in = file == null ? null : WebPageServlet.class.getResourceAsStream("/web/" + file);
        if (in == null) {
            response.sendError(404, "no such page: " + path);
            return;
        }
        try (in) {
            byte[] bytes = in.readAllBytes();
            response.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }
}
