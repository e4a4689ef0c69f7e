// The small map of a project page: the roads around it and the project itself.
'use strict';

(async () => {
  const box = document.getElementById('small-map');
  if (!box) return;
  const code = box.dataset.code;
  const map = L.map(box, { attributionControl: false, zoomControl: true, preferCanvas: true });
  const get = async (name) => (await fetch(`/api/layers/${name}.geojson`)).json();
  try {
    const [roads, projects] = await Promise.all([get('roads'), get('projects')]);
    L.geoJSON(roads, { style: { color: '#888', weight: 2 } }).addTo(map);
    const mine = { type: 'FeatureCollection', features: projects.features.filter((f) => f.properties.code === code) };
    const layer = L.geoJSON(mine, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 9, color: '#ff6f00', weight: 3, fillOpacity: 0.9 }),
      style: { color: '#ff6f00', weight: 6 },
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds().pad(2), { maxZoom: 15 });
    } else {
      map.setView([21.0, 105.8], 11);
    }
  } catch (e) {
    box.textContent = '';
  }
})();
