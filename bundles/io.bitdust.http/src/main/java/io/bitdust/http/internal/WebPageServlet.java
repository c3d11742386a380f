package io.bitdust.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the web page (static files packed in this bundle under {@code /web}, only those listed in {@link #FILES}).
 * The page holds no data: it calls the API with the secret the user gives it. A strict Content-Security-Policy
 * allows only this server's own scripts and styles: no inline script or style, nothing from elsewhere.
 */
final class WebPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The only files served, by address: the page, its core script, one script per view, its style and icon. */
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("/", "index.html"),
            Map.entry("/index.html", "index.html"),
            Map.entry("/app.js", "app.js"),
            Map.entry("/view-files.js", "view-files.js"),
            Map.entry("/view-activity.js", "view-activity.js"),
            Map.entry("/view-network.js", "view-network.js"),
            Map.entry("/view-messages.js", "view-messages.js"),
            Map.entry("/view-settings.js", "view-settings.js"),
            Map.entry("/style.css", "style.css"),
            Map.entry("/favicon.svg", "favicon.svg"));
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8",
            "css", "text/css;charset=utf-8",
            "svg", "image/svg+xml");

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
