package pe.centralunica.console.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console: plain HTML/CSS/JS from the jar (classpath webroot/), no CDN, no tile server. The pages
 * themselves are public except the administrator's, which the server refuses to anyone but an ADMIN; the data
 * behind every page comes from the API, which checks roles on each call.
 */
final class WebConsole {

    private final MapTiles tiles;

    WebConsole() {
        this(MapTiles.fromEnvironment());
    }

    WebConsole(MapTiles tiles) {
        this.tiles = tiles;
    }

    void mount(Router router, ApiRouter api) {
        api.raw(HttpMethod.GET, "/", Access.PUBLIC, "Redirect to the console", ctx ->
                ctx.response().setStatusCode(302).putHeader("Location", "/console/").end());
        api.get("/api/map", Access.DISPATCHER, "The console map's settings: the optional tile URL (CU_MAP_TILE_URL)",
                ctx -> new io.vertx.core.json.JsonObject().put("tileUrl", tiles.url().orElse(null)));
        api.raw(HttpMethod.GET, "/console/vendor/leaflet/*", Access.PUBLIC, "Leaflet 1.9.4 (map library, from its WebJar)",
                StaticHandler.create("META-INF/resources/webjars/leaflet/1.9.4/dist").setCachingEnabled(true)
                        .setDirectoryListing(false));
        tiles.origin().ifPresent(origin -> api.raw(HttpMethod.GET, "/console/*", Access.PUBLIC,
                "Console pages may show the configured map tiles", ctx -> {
                    String csp = ctx.response().headers().get("Content-Security-Policy");
                    if (csp != null) {
                        ctx.response().putHeader("Content-Security-Policy", csp.replace("img-src 'self' data:", "img-src 'self' data: " + origin));
                    }
                    ctx.next();
                }));
        api.raw(HttpMethod.GET, "/console/admin.html", Access.ADMIN, "The administrator's console page", ctx -> ctx.next());
        api.raw(HttpMethod.GET, "/console/*", Access.PUBLIC, "Console pages, scripts, styles and map data", StaticHandler.create("webroot")
                .setCachingEnabled(false).setDirectoryListing(false).setIndexPage("index.html"));
    }
}
