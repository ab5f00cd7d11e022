package pe.centralunica.app.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: plain HTML/CSS/JS from the jar (classpath webroot/), no CDN, no tile server. The pages
 * themselves are public except the administrator's, which the server refuses to anyone but an ADMIN; the data
 * behind every page comes from the API, which checks roles on each call.
 */
final class WebConsole {

    void mount(Router router, ApiRouter api) {
        api.raw(HttpMethod.GET, "/", Access.PUBLIC, "Redirect to the console", ctx ->
                ctx.response().setStatusCode(302).putHeader("Location", "/console/").end());
        api.raw(HttpMethod.GET, "/console/admin.html", Access.ADMIN, "The administrator's console page", ctx -> ctx.next());
        api.raw(HttpMethod.GET, "/console/*", Access.PUBLIC, "Console pages, scripts, styles and map data", StaticHandler.create("webroot")
                .setCachingEnabled(false).setDirectoryListing(false).setIndexPage("index.html"));
    }
}
