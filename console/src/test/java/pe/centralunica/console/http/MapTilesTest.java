package pe.centralunica.console.http;

import org.junit.jupiter.api.Test;
import pe.centralunica.console.config.ConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CU_MAP_TILE_URL: unset means shapes only; a template adds tiles and only its origin to the pages' img-src. */
class MapTilesTest {

    @Test
    void unsetMeansNoTiles() {
        assertThat(MapTiles.parse(null).url()).isEmpty();
        assertThat(MapTiles.parse("  ").origin()).isEmpty();
    }

    @Test
    void aTemplateGivesItsOriginForTheContentSecurityPolicy() {
        MapTiles tiles = MapTiles.parse("https://tiles.municipio.gob.pe:8443/osm/{z}/{x}/{y}.png");
        assertThat(tiles.url()).contains("https://tiles.municipio.gob.pe:8443/osm/{z}/{x}/{y}.png");
        assertThat(tiles.origin()).contains("https://tiles.municipio.gob.pe:8443");
    }

    @Test
    void anythingElseIsAConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> MapTiles.parse("tiles.example/{z}/{x}/{y}.png")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CU_MAP_TILE_URL");
        assertThatThrownBy(() -> MapTiles.parse("https://tiles.example/tile.png")).hasMessageContaining("{z}/{x}/{y}");
        assertThatThrownBy(() -> MapTiles.parse("https://x/{z}/{x}/{y}.png' ; script-src *")).isInstanceOf(ConfigurationException.class);
    }
}
