// The public map (contract §6): the project's layers on a blank background, villages coloured
// by the cut-off answer of /api/cutoff for the chosen scenario, vehicle and ford depth.
// Every text from the project is set with textContent, never as HTML.
'use strict';

const TEXT = {
  vi: {
    title: 'Bản đồ giao thông mùa mưa', scenario: 'Kịch bản', vehicle: 'Phương tiện',
    vehicle_none: 'theo kịch bản', depth: 'Độ sâu ngầm vượt được',
    cut_off_villages: 'Thôn bị chia cắt', signin: 'Đăng nhập cán bộ', other: 'English',
    summary: (s) => `${s.villages_cut_off}/${s.villages} thôn bị chia cắt; ` +
      `${s.households_cut_off}/${s.households} hộ không ra được trung tâm xã`,
    households: 'Số hộ', travel: 'Thời gian đi (phút)', travel_dry: 'Mùa khô (phút)',
    blocked: 'Bị chặn bởi', status_cut: 'Bị chia cắt', status_ok: 'Đi được',
    status_none: 'Không có đường', status: 'Tình trạng', none: 'không', unknown: 'chưa rõ', rank: 'Ưu tiên',
    progress: 'Tiến độ', page: 'Trang công trình', loading: 'Đang tính…',
    error: 'Không tải được dữ liệu: ',
  },
  en: {
    title: 'All-season road access', scenario: 'Scenario', vehicle: 'Vehicle',
    vehicle_none: "the scenario's", depth: 'Passable ford depth',
    cut_off_villages: 'Villages cut off', signin: 'Planner sign-in', other: 'Tiếng Việt',
    summary: (s) => `${s.villages_cut_off} of ${s.villages} villages cut off; ` +
      `${s.households_cut_off} of ${s.households} households cannot reach the commune centre`,
    households: 'Households', travel: 'Travel time (min)', travel_dry: 'Dry season (min)',
    blocked: 'Blocked by', status_cut: 'Cut off', status_ok: 'Reachable',
    status_none: 'No road', status: 'Status', none: 'none', unknown: 'unknown', rank: 'Rank',
    progress: 'Progress', page: 'Project page', loading: 'Computing…',
    error: 'Could not load the data: ',
  },
};

const SURFACE_COLOURS = { asphalt: '#333333', concrete: '#6b6b6b', gravel: '#b5793a', earth: '#c9a227' };
const state = { lang: localStorage.getItem('lang') === 'en' ? 'en' : 'vi', cutoff: null, rank: {} };
const villageLayers = new Map(); // code → Leaflet layers of that village
const villageNames = new Map();

function t(key) { return TEXT[state.lang][key]; }

const map = L.map('map', { preferCanvas: true, attributionControl: false, zoomSnap: 0.25 });
map.setView([21.0, 105.8], 12);

async function getJSON(url, signal) {
  const response = await fetch(url, { signal, credentials: 'same-origin' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.querySelectorAll('[data-t]').forEach((e) => { e.textContent = t(e.dataset.t); });
  document.getElementById('lang-switch').textContent = t('other');
  document.title = t('title');
  if (state.cutoff) showCutoff(state.cutoff);
}

function villageStyle(result) {
  if (!result || !result.reachable_dry) return { color: '#666', fillColor: '#bbbbbb' };
  if (!result.reachable) return { color: '#8b0000', fillColor: '#e53935' };
  return { color: '#1b5e20', fillColor: '#43a047' };
}

function addLayer(name, options) {
  return getJSON(`/api/layers/${name}.geojson`).then((data) => L.geoJSON(data, options).addTo(map));
}

function popupOf(rows, link) {
  const box = element('div', undefined, 'popup');
  for (const [label, value] of rows) {
    const line = element('div');
    line.append(element('strong', label + ': '), element('span', value));
    box.append(line);
  }
  if (link) {
    const a = element('a', link.text);
    a.href = link.href;
    box.append(a);
  }
  return box;
}

function showVillage(code) {
  const info = document.getElementById('village-info');
  const result = state.cutoff && state.cutoff.villages.find((v) => v.code === code);
  info.replaceChildren();
  info.hidden = false;
  info.append(element('h2', villageNames.get(code) || code));
  if (!result) return;
  const status = !result.reachable_dry ? t('status_none') : result.reachable ? t('status_ok') : t('status_cut');
  const blocked = result.blocked_by.map((b) => b.name ? `${b.code} (${b.name})` : b.code).join(', ');
  const rows = [
    [t('households'), result.households === null ? t('unknown') : result.households],
    [t('status'), status],
    [t('travel'), result.travel_min === null ? '—' : result.travel_min],
    [t('travel_dry'), result.travel_min_dry === null ? '—' : result.travel_min_dry],
    [t('blocked'), blocked || t('none')],
  ];
  info.append(popupOf(rows));
}

function showCutoff(answer) {
  state.cutoff = answer;
  document.getElementById('summary').textContent = t('summary')(answer.summary);
  const list = document.getElementById('cut-off-list');
  list.replaceChildren();
  for (const v of answer.villages) {
    for (const layer of villageLayers.get(v.code) || []) layer.setStyle(villageStyle(v));
    if (v.reachable_dry && !v.reachable) {
      const item = element('li', `${v.name} (${v.households === null ? t('unknown') : v.households})`);
      item.dataset.code = v.code;
      list.append(item);
    }
  }
  document.body.dataset.cutoffReady = 'true';
}

let pending = null;
let timer = null;
function cutoffQuery() {
  const params = new URLSearchParams({ scenario: document.getElementById('scenario').value || 'rainy' });
  const vehicle = document.getElementById('vehicle').value;
  if (vehicle) params.set('vehicle', vehicle);
  if (document.getElementById('depth-on').checked) params.set('ford_depth', document.getElementById('depth').value);
  return params.toString();
}

// Debounced: a drag of the slider asks once it pauses, and a newer question cancels the older.
function requestCutoff() {
  document.body.dataset.cutoffReady = 'false';
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (pending) pending.abort();
    pending = new AbortController();
    const query = cutoffQuery();
    document.body.dataset.cutoffQuery = query;
    getJSON(`/api/cutoff?${query}`, pending.signal).then(showCutoff).catch((e) => {
      if (e.name !== 'AbortError') document.getElementById('summary').textContent = t('error') + e.message;
    });
  }, 150);
}

function projectPopup(feature) {
  const p = feature.properties;
  const rank = state.rank[p.code];
  return popupOf([
    [p.code, p.name || p.code],
    [t('rank'), rank ? `${rank.rank} (${rank.households_unflooded})` : '—'],
    [t('progress'), `${p.progress_pct}% · ${p.status}`],
  ], { text: t('page'), href: `/projects/${encodeURIComponent(p.code)}${state.lang === 'en' ? '?lang=en' : ''}` });
}

function pointStyle(colour, radius) {
  return (feature, latlng) => L.circleMarker(latlng, { radius, color: colour, weight: 2, fillOpacity: 0.8 });
}

async function loadLayers() {
  await addLayer('boundary', { style: { color: '#555', weight: 2, dashArray: '6 4', fill: false } });
  await addLayer('hazard_zones', { style: { color: '#1e88e5', weight: 0, fillOpacity: 0.15 } });
  await addLayer('waterways', { style: { color: '#4fc3f7', weight: 2 } });
  const roads = await addLayer('roads', {
    style: (f) => ({ color: SURFACE_COLOURS[f.properties.surface] || '#888', weight: 3 }),
  });
  if (roads.getLayers().length) map.fitBounds(roads.getBounds(), { padding: [10, 10] });
  await addLayer('fords', { pointToLayer: pointStyle('#0d47a1', 5) });
  await addLayer('bridges', { pointToLayer: pointStyle('#4a148c', 5), style: { color: '#4a148c', weight: 6 } });
  await addLayer('villages', {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 9, weight: 2, fillOpacity: 0.85 }),
    style: { weight: 2, fillOpacity: 0.35 },
    onEachFeature: (f, layer) => {
      const code = f.properties.code;
      villageNames.set(code, f.properties.name || code);
      if (!villageLayers.has(code)) villageLayers.set(code, []);
      villageLayers.get(code).push(layer);
      layer.on('click', () => showVillage(code));
    },
  });
  try {
    for (const p of (await getJSON('/api/rank')).projects) state.rank[p.code] = p;
  } catch (e) { /* no ranking yet: the popups say — */ }
  await addLayer('projects', {
    pointToLayer: pointStyle('#ff6f00', 7),
    style: { color: '#ff6f00', weight: 5, dashArray: '8 6' },
    onEachFeature: (f, layer) => layer.bindPopup(() => projectPopup(f)),
  });
}

async function loadControls() {
  const meta = await getJSON('/api/meta');
  const scenario = document.getElementById('scenario');
  for (const name of meta.scenarios) {
    const o = element('option', name);
    o.value = name;
    if (name === 'rainy') o.selected = true;
    scenario.append(o);
  }
  const vehicle = document.getElementById('vehicle');
  for (const name of meta.vehicles) {
    const o = element('option', name);
    o.value = name;
    vehicle.append(o);
  }
  if (meta.name) document.getElementById('title').dataset.project = meta.name;
  if (meta.vehicle) vehicle.value = meta.vehicle;
  if (meta.ford_depth_m !== null) {
    document.getElementById('depth-on').checked = true;
    document.getElementById('depth').disabled = false;
    document.getElementById('depth').value = meta.ford_depth_m;
  }
}

function wireControls() {
  const depth = document.getElementById('depth');
  const on = document.getElementById('depth-on');
  const shown = () => { document.getElementById('depth-value').textContent = `${Number(depth.value).toFixed(2)} m`; };
  depth.addEventListener('input', () => { shown(); requestCutoff(); });
  on.addEventListener('change', () => { depth.disabled = !on.checked; requestCutoff(); });
  document.getElementById('scenario').addEventListener('change', requestCutoff);
  document.getElementById('vehicle').addEventListener('change', requestCutoff);
  document.getElementById('lang-switch').addEventListener('click', () => {
    state.lang = state.lang === 'vi' ? 'en' : 'vi';
    localStorage.setItem('lang', state.lang);
    applyLanguage();
  });
  shown();
}

(async () => {
  applyLanguage();
  wireControls();
  try {
    await loadControls();
    document.getElementById('depth-value').textContent = `${Number(document.getElementById('depth').value).toFixed(2)} m`;
    await loadLayers();
  } catch (e) {
    document.getElementById('summary').textContent = t('error') + e.message;
  }
  requestCutoff();
})();
