// The console map on Leaflet (served from the jar): the district shapes shipped with the app as the base layer
// (geo/districts.geojson, MPL-2.0), tiles only where a deployment configures a tile server (CU_MAP_TILE_URL);
// panic buttons with their cameras, open incidents (a click opens one), the current call. Zoom and pan as usual.
const CuMap = (() => {
  const AREAS = {
    LIMA: u => u.startsWith('1501') || u.startsWith('0701'),
    TRUJILLO: u => u.startsWith('1301')
  };
  let map = null, features = [], districtLayer = null, area = 'LIMA', activeDistrict = null;
  let buttonLayer = null, incidentLayer = null, callLayer = null, openIncident = () => {};

  function style(feature) {
    const active = feature.properties.ubigeo === activeDistrict;
    return { color: '#7b8794', weight: 1, fillColor: active ? '#ffd9a8' : '#f8f8f4', fillOpacity: active ? 0.8 : 0.55 };
  }

  function fitArea() {
    const shown = features.filter(f => AREAS[area](f.properties.ubigeo));
    if (shown.length) map.fitBounds(L.geoJSON({ type: 'FeatureCollection', features: shown }).getBounds(), { padding: [4, 4] });
  }

  /** Ray casting over one ring of [lon, lat] points. */
  function inRing(lon, lat, ring) {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i], [xj, yj] = ring[j];
      if ((yi > lat) !== (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  function contains(feature, lon, lat) {
    const g = feature.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return polygons.some(p => inRing(lon, lat, p[0]) && !p.slice(1).some(hole => inRing(lon, lat, hole)));
  }

  /** Tooltip content as text: Leaflet treats a string as HTML, and addresses come from people. */
  function tip(text) {
    const span = document.createElement('span');
    span.textContent = text;
    return span;
  }

  function title(name) {
    return name.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (m, sep, c) => sep + c.toUpperCase()).replace(/\b(De|Del|La|Las|Los|El)\b/g, w => w.toLowerCase());
  }

  return {
    async init(container, areaSelect) {
      map = L.map(container, { zoomSnap: 0.25, attributionControl: true, preferCanvas: false });
      const settings = await Api.get('/api/map').catch(() => ({}));
      if (settings.tileUrl) L.tileLayer(settings.tileUrl, { maxZoom: 19 }).addTo(map);
      features = (await (await fetch('geo/districts.geojson')).json()).features;
      districtLayer = L.geoJSON({ type: 'FeatureCollection', features }, {
        style,
        onEachFeature: (feature, layer) => {
          layer.bindTooltip(tip(title(feature.properties.name)), { sticky: true });
          layer.on('add', () => { layer.getElement().dataset.ubigeo = feature.properties.ubigeo; });
        }
      }).addTo(map);
      map.attributionControl.setPrefix('Leaflet').addAttribution('Límites: peru-geojson (MPL-2.0)');
      buttonLayer = L.layerGroup().addTo(map);
      incidentLayer = L.layerGroup().addTo(map);
      callLayer = L.layerGroup().addTo(map);
      if (areaSelect) areaSelect.addEventListener('change', () => { area = areaSelect.value; fitArea(); });
      fitArea();
      // The map's box gets its final size after the grid settles.
      new ResizeObserver(() => map.invalidateSize()).observe(container);
    },
    /** A click anywhere (not on an incident) gives its latitude and longitude. */
    onPick(handler) {
      const pick = event => handler(Number(event.latlng.lat.toFixed(6)), Number(event.latlng.lng.toFixed(6)));
      map.on('click', pick);
      districtLayer.on('click', pick);
    },
    setButtons(list) {
      buttonLayer.clearLayers();
      (list || []).forEach(b => L.circleMarker([Number(b.latitude), Number(b.longitude)],
        { radius: 5, color: '#fff', weight: 1, fillColor: '#1f6fb2', fillOpacity: 1, className: 'button' })
        .bindTooltip(tip(b.deviceId + ' — ' + b.address + (b.cameraId ? ' — ' + t('camera') + ' ' + b.cameraId : '')))
        .addTo(buttonLayer));
    },
    /** Open incidents with a location; a click on one calls {@code onOpen(id)}. */
    setIncidents(list, onOpen) {
      openIncident = onOpen || openIncident;
      incidentLayer.clearLayers();
      (list || []).forEach(i => {
        const marker = L.circleMarker([Number(i.latitude), Number(i.longitude)],
          { radius: 4, color: '#fff', weight: 1, fillColor: '#d05a00', fillOpacity: 1, className: 'incident', bubblingMouseEvents: false })
          .bindTooltip(tip(i.label)).addTo(incidentLayer);
        marker.on('add', () => { marker.getElement().dataset.incidentId = i.id; });
        if (marker.getElement()) marker.getElement().dataset.incidentId = i.id;
        marker.on('click', () => openIncident(i.id));
      });
    },
    /** The UBIGEO of the district under a point (point-in-polygon on the shipped shapes), or null outside all. */
    districtAt(latitude, longitude) {
      const hit = features.find(f => contains(f, Number(longitude), Number(latitude)));
      return hit ? hit.properties.ubigeo : null;
    },
    showCall(district, latitude, longitude, label) {
      const areaChanged = district && !AREAS[area](district);
      activeDistrict = district;
      if (areaChanged) area = district.startsWith('1301') ? 'TRUJILLO' : 'LIMA';
      const select = document.getElementById('map-area');
      if (select) select.value = area;
      if (districtLayer) districtLayer.setStyle(style);
      if (areaChanged) fitArea();
      callLayer.clearLayers();
      if (latitude != null && longitude != null && latitude !== '' && longitude !== '') {
        L.circleMarker([Number(latitude), Number(longitude)], { radius: 8, color: '#fff', weight: 2, fillColor: '#b3261e', fillOpacity: 1,
          className: 'call', interactive: false }).bindTooltip(tip(label || '')).addTo(callLayer);
      }
    }
  };
})();
