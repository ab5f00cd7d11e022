package pe.centralunica.console.http;

import pe.centralunica.console.config.ConfigurationException;

import java.net.URI;
import java.util.Optional;

/**
 * The console map's optional tile layer (CU_MAP_TILE_URL, e.g. {@code https://tiles.example.pe/{z}/{x}/{y}.png}):
 * deployments with a tile server of their own get streets under the district shapes; without one the map is the
 * shapes alone. The tiles' origin is added to the console pages' Content-Security-Policy (img-src), nothing else.
 */
record MapTiles(Optional<String> url) {

    static final String VARIABLE = "CU_MAP_TILE_URL";

    static MapTiles fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    static MapTiles parse(String value) {
        if (value == null || value.isBlank()) {
            return new MapTiles(Optional.empty());
        }
        String url = value.strip();
        if (!url.matches("https?://[^\\s\"'<>]+") || !url.contains("{z}") || !url.contains("{x}") || !url.contains("{y}")) {
            throw new ConfigurationException(VARIABLE, "'" + url + "' is not a tile URL template; use http(s)://host/{z}/{x}/{y}.png");
        }
        return new MapTiles(Optional.of(url));
    }

    /** scheme://host[:port] of the tiles, for the page's img-src. */
    Optional<String> origin() {
        return url.map(u -> {
            URI uri = URI.create(u.replace("{", "%7B").replace("}", "%7D"));
            return uri.getScheme() + "://" + uri.getRawAuthority();
        });
    }
}
