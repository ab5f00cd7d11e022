// An offline map: district polygons shipped with the app (geo/districts.geojson), drawn as SVG with an
// equirectangular projection fitted to the chosen area; panic buttons and the current call as dots.
const CuMap = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  let features = [];
  let svg, layer, area = 'LIMA', view = null;
  let buttons = [], call = null, activeDistrict = null, incidents = [], openIncident = () => {};

  function inArea(f) {
    const u = f.properties.ubigeo;
    return area === 'TRUJILLO' ? u.startsWith('1301') : (u.startsWith('1501') || u.startsWith('0701'));
  }

  function rings(geometry) {
    return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  }

  function fit(list) {
    let minX = 180, maxX = -180, minY = 90, maxY = -90;
    list.forEach(f => rings(f.geometry).forEach(r => r.forEach(([x, y]) => {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    })));
    return { minX, maxX, minY, maxY };
  }

  function project([x, y]) {
    const k = 1000 / Math.max(view.maxX - view.minX, view.maxY - view.minY);
    return [(x - view.minX) * k, (view.maxY - y) * k];
  }

  function draw() {
    if (!svg) return;
    layer.replaceChildren();
    const shown = features.filter(inArea);
    if (!shown.length) return;
    view = fit(shown);
    const [w, h] = project([view.maxX, view.minY]);
    svg.setAttribute('viewBox', `0 0 ${w.toFixed(1)} ${h.toFixed(1)}`);
    shown.forEach(f => {
      const d = rings(f.geometry).map(r => 'M' + r.map(p => project(p).map(n => n.toFixed(1)).join(',')).join('L') + 'Z').join('');
      const path = document.createElementNS(NS, 'path');
      path.setAttribute('d', d);
      path.dataset.ubigeo = f.properties.ubigeo;
      if (f.properties.ubigeo === activeDistrict) path.classList.add('active');
      const title = document.createElementNS(NS, 'title');
      title.textContent = f.properties.name;
      path.append(title);
      layer.append(path);
    });
    buttons.forEach(b => dot(b.longitude, b.latitude, 'button', 4, (b.deviceId + ' — ' + b.address + (b.cameraId ? ' — ' + b.cameraId : ''))));
    incidents.forEach(i => {
      const c = dot(i.longitude, i.latitude, 'incident', 3.5, i.label);
      c.dataset.incidentId = i.id;
      c.addEventListener('click', event => { event.stopPropagation(); openIncident(i.id); });
    });
    if (call && call.latitude != null && call.longitude != null) dot(call.longitude, call.latitude, 'call', 9, call.label || '');
  }

  function dot(lon, lat, cls, r, label) {
    const [x, y] = project([Number(lon), Number(lat)]);
    const c = document.createElementNS(NS, 'circle');
    c.setAttribute('cx', x.toFixed(1));
    c.setAttribute('cy', y.toFixed(1));
    c.setAttribute('r', r);
    c.setAttribute('class', cls);
    const title = document.createElementNS(NS, 'title');
    title.textContent = label;
    c.append(title);
    layer.append(c);
    return c;
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

  /** Inside a polygon: in its outer ring and in none of its holes. */
  function inPolygon(lon, lat, polygon) {
    return inRing(lon, lat, polygon[0]) && !polygon.slice(1).some(hole => inRing(lon, lat, hole));
  }

  function contains(feature, lon, lat) {
    const g = feature.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return polygons.some(p => inPolygon(lon, lat, p));
  }

  /** The longitude/latitude under a click, for the incident's location. */
  function unproject(event) {
    const point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    const p = point.matrixTransform(layer.getScreenCTM().inverse());
    const k = 1000 / Math.max(view.maxX - view.minX, view.maxY - view.minY);
    return [view.minX + p.x / k, view.maxY - p.y / k];
  }

  return {
    onPick(handler) {
      svg.addEventListener('click', event => {
        if (!view) return;
        const [lon, lat] = unproject(event);
        handler(Number(lat.toFixed(6)), Number(lon.toFixed(6)));
      });
    },
    async init(container, areaSelect) {
      svg = document.createElementNS(NS, 'svg');
      layer = document.createElementNS(NS, 'g');
      svg.append(layer);
      container.append(svg);
      features = (await (await fetch('geo/districts.geojson')).json()).features;
      if (areaSelect) areaSelect.addEventListener('change', () => { area = areaSelect.value; draw(); });
      draw();
    },
    setButtons(list) { buttons = list || []; draw(); },
    /** Open incidents with a location; a click on one calls {@code onOpen(id)}. */
    setIncidents(list, onOpen) { incidents = list || []; openIncident = onOpen || openIncident; draw(); },
    /** The UBIGEO of the district under a point (point-in-polygon on the shipped shapes), or null outside all. */
    districtAt(latitude, longitude) {
      const hit = features.find(f => contains(f, Number(longitude), Number(latitude)));
      return hit ? hit.properties.ubigeo : null;
    },
    showCall(district, latitude, longitude, label) {
      activeDistrict = district;
      call = { latitude, longitude, label };
      if (district) area = district.startsWith('1301') ? 'TRUJILLO' : 'LIMA';
      const select = document.getElementById('map-area');
      if (select) select.value = area;
      draw();
    }
  };
})();
