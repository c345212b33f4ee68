// The daemon's web interface: a Transmission RPC client (the 409 handshake gives the session id, which is also the
// CSRF token), polling once a second. No libraries, nothing fetched from elsewhere.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const LIST_FIELDS = ['id', 'name', 'hashString', 'state', 'status', 'error', 'errorString', 'percentDone', 'rateDownload',
    'rateUpload', 'eta', 'peersConnected', 'uploadRatio', 'totalSize', 'sizeWhenDone', 'metadataPercentComplete'];
  const DETAIL_FIELDS = LIST_FIELDS.concat(['pieceCount', 'pieceSize', 'pieces', 'piecesInFlight', 'peers', 'trackers', 'files',
    'fileStats', 'downloadDir', 'haveValid', 'uploadedEver', 'downloadedEver', 'magnetLink']);
  let sessionId = '';
  let torrents = [];
  let selected = null;   // id of the selected torrent
  let open = null;       // id whose details are shown
  const history = [];    // [down, up] per second
  let detailsAskedAt = 0, filesSetAt = 0; // a details answer asked for before the last file change may predate it

  async function rpc(method, args) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await fetch('/transmission/rpc', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-Transmission-Session-Id': sessionId },
        body: JSON.stringify({ method, arguments: args || {} }),
      });
      if (r.status === 409) { sessionId = r.headers.get('X-Transmission-Session-Id') || ''; continue; }
      if (!r.ok) throw new Error('RPC answered ' + r.status);
      const body = await r.json();
      if (body.result !== 'success') throw new Error(body.result);
      return body.arguments;
    }
    throw new Error('no session id');
  }

  const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];
  function size(n) {
    let i = 0;
    while (n >= 1000 && i < UNITS.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 2 : 1)) + ' ' + UNITS[i];
  }
  const rate = (n) => size(n) + '/s';
  function eta(s) {
    if (s < 0) return '–';
    if (s === 0) return 'done';
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h > 0 ? h + ' h ' + m + ' min' : m > 0 ? m + ' min ' + (s % 60) + ' s' : s + ' s';
  }
  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function button(label, title, action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', (e) => { e.stopPropagation(); action(); });
    return b;
  }

  function renderList() {
    const body = $('torrent-rows');
    // Rows are rebuilt every second: remember what had the keyboard focus (a row, or a button in one) to give it back.
    const active = document.activeElement;
    const focused = active && active.dataset && active.dataset.id ? active.dataset.id : null;
    const focusedButton = active && active.tagName === 'BUTTON' && active.closest('tr.torrent') ? active.getAttribute('aria-label') : null;
    body.replaceChildren();
    $('empty').hidden = torrents.length > 0;
    for (const t of torrents) {
      const tr = document.createElement('tr');
      tr.className = 'torrent' + (t.id === selected ? ' selected' : '');
      tr.dataset.id = t.id;
      tr.tabIndex = 0;
      tr.setAttribute('aria-selected', t.id === selected ? 'true' : 'false');
      cell(tr, t.name, 'name');
      const p = cell(tr, '', 'progress');
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.setAttribute('role', 'progressbar');
      bar.setAttribute('aria-valuemin', '0');
      bar.setAttribute('aria-valuemax', '100');
      const pct = Math.floor(t.percentDone * 1000) / 10;
      bar.setAttribute('aria-valuenow', String(pct));
      const fill = document.createElement('span');
      fill.style.width = pct + '%';
      bar.appendChild(fill);
      p.appendChild(bar);
      const label = document.createElement('span');
      label.className = 'bar-text';
      // Of what is wanted: a torrent with files left out is done at 100% of less than its total.
      label.textContent = pct + '% of ' + (t.totalSize ? size(t.sizeWhenDone) + (t.sizeWhenDone < t.totalSize ? ' (of ' + size(t.totalSize) + ')' : '') : 'metadata');
      p.appendChild(label);
      cell(tr, rate(t.rateDownload), 'num');
      cell(tr, rate(t.rateUpload), 'num');
      cell(tr, eta(t.eta), 'num wide');
      cell(tr, String(t.peersConnected), 'num wide');
      cell(tr, t.uploadRatio < 0 ? '–' : t.uploadRatio.toFixed(2), 'num wide');
      const st = cell(tr, t.state + (t.errorString ? ': ' + t.errorString : ''), 'state' + (t.state === 'error' ? ' error' : ''));
      st.title = t.errorString || t.state;
      const actions = cell(tr, '', 'actions');
      const running = t.state !== 'stopped' && t.state !== 'error';
      actions.appendChild(button(running ? 'Stop' : 'Start', (running ? 'Stop ' : 'Start ') + t.name, () => toggle(t)));
      actions.appendChild(button('Remove', 'Remove ' + t.name, () => remove(t)));
      tr.addEventListener('click', () => { select(t.id); show(t.id); });
      body.appendChild(tr);
      if (focused !== null && String(t.id) === focused) tr.focus();
    }
    if (focusedButton) {
      for (const b of body.querySelectorAll('button')) if (b.getAttribute('aria-label') === focusedButton) b.focus();
    }
  }

  function renderGraph() {
    const c = $('graph'), g = c.getContext('2d');
    const w = c.width = c.clientWidth * devicePixelRatio || 900, h = c.height = 120 * devicePixelRatio;
    g.clearRect(0, 0, w, h);
    const peak = Math.max(1, ...history.map((s) => Math.max(s[0], s[1])));
    $('graph-peak').textContent = 'peak ' + rate(peak);
    const css = getComputedStyle(document.documentElement);
    [[0, css.getPropertyValue('--have')], [1, css.getPropertyValue('--up')]].forEach(([k, color]) => {
      g.strokeStyle = color.trim();
      g.lineWidth = 2 * devicePixelRatio;
      g.beginPath();
      history.forEach((s, i) => {
        const x = w - (history.length - 1 - i) * (w / 299), y = h - 4 - (s[k] / peak) * (h - 8);
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
    });
  }

  function bits(b64, count) {
    const raw = atob(b64 || ''), out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = (raw.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1;
    return out;
  }

  function renderPieces(t) {
    const c = $('piecemap'), g = c.getContext('2d'), n = t.pieceCount || 0;
    const have = bits(t.pieces, n), flight = bits(t.piecesInFlight, n);
    const cellPx = 10;
    const cols = Math.min(n || 1, Math.max(30, Math.floor((c.clientWidth || 900) / cellPx)));
    const rows = Math.max(1, Math.ceil(n / cols));
    c.width = cols * cellPx;
    c.height = rows * cellPx;
    const css = getComputedStyle(document.documentElement);
    const color = { 1: css.getPropertyValue('--have').trim(), 2: css.getPropertyValue('--flight').trim(), 0: css.getPropertyValue('--missing').trim() };
    let verified = 0, inFlight = 0;
    for (let i = 0; i < n; i++) {
      const s = have[i] ? 1 : flight[i] ? 2 : 0;
      if (s === 1) verified++; else if (s === 2) inFlight++;
      g.fillStyle = color[s];
      g.fillRect((i % cols) * cellPx, Math.floor(i / cols) * cellPx, cellPx - 1, cellPx - 1);
    }
    c.dataset.total = n;
    c.dataset.verified = verified;
    c.dataset.inflight = inFlight;
    c.setAttribute('aria-label', 'Piece map: ' + verified + ' of ' + n + ' pieces verified, ' + inFlight + ' in flight');
    $('d-pieces').textContent = verified + ' / ' + n + ' pieces of ' + size(t.pieceSize || 0);
  }

  function renderDetails(t) {
    $('details').hidden = false;
    $('d-name').textContent = t.name;
    $('d-summary').textContent = t.state + ' · ' + size(t.haveValid) + ' of ' + size(t.sizeWhenDone) + ' · down ' + size(t.downloadedEver)
      + ' · up ' + size(t.uploadedEver) + ' · in ' + t.downloadDir;
    renderPieces(t);
    const peers = $('peers');
    peers.replaceChildren();
    for (const p of t.peers) {
      const tr = document.createElement('tr');
      tr.className = 'peer';
      cell(tr, p.address + ':' + p.port);
      cell(tr, p.clientName);
      cell(tr, rate(p.rateToClient), 'num');
      cell(tr, rate(p.rateToPeer), 'num');
      cell(tr, Math.round(p.progress * 100) + '%', 'num');
      cell(tr, p.flagStr).title = 'D downloading, d interested and choked, U uploading, u they are interested, I incoming';
      peers.appendChild(tr);
    }
    if (!t.peers.length) { const tr = document.createElement('tr'); cell(tr, 'no peers connected').colSpan = 6; peers.appendChild(tr); }
    const tl = $('trackers');
    tl.replaceChildren();
    for (const k of t.trackers) { const li = document.createElement('li'); li.textContent = 'tier ' + k.tier + ': ' + k.announce; tl.appendChild(li); }
    if (!t.trackers.length) { const li = document.createElement('li'); li.textContent = 'none (peers come from the magnet link, others dialling in, or PEX)'; tl.appendChild(li); }
    renderFiles(t);
  }

  // Updated in place rather than rebuilt each second, so a focused checkbox or select keeps its focus.
  function renderFiles(t) {
    const body = $('files');
    if (body.dataset.torrent !== String(t.id) || body.rows.length !== t.files.length) {
      body.replaceChildren();
      body.dataset.torrent = t.id;
      t.files.forEach((f, i) => body.appendChild(fileRow(t.id, f, i)));
    }
    const fresh = detailsAskedAt > filesSetAt;
    t.files.forEach((f, i) => {
      const row = body.rows[i], st = t.fileStats[i];
      if (fresh && !row.dataset.pending) {
        row.querySelector('input').checked = st.wanted;
        row.querySelector('select').value = String(st.priority);
        row.classList.toggle('unwanted', !st.wanted);
      }
      row.querySelector('.size').textContent = size(f.length);
      row.querySelector('.done').textContent = (f.length ? Math.floor(f.bytesCompleted / f.length * 100) : 100) + '%';
    });
  }
  const PRIORITIES = [['1', 'high', 'priority-high'], ['0', 'normal', 'priority-normal'], ['-1', 'low', 'priority-low']];
  function fileRow(id, f, i) {
    const tr = document.createElement('tr');
    tr.className = 'file';
    const get = document.createElement('td');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = 'file-' + i;
    box.title = 'download this file';
    box.addEventListener('change', () => setFile(tr, id, { [box.checked ? 'files-wanted' : 'files-unwanted']: [i] }));
    get.appendChild(box);
    tr.appendChild(get);
    const label = document.createElement('label');
    label.htmlFor = box.id;
    label.textContent = f.name;
    cell(tr, '', 'name').appendChild(label);
    cell(tr, '', 'num size');
    cell(tr, '', 'num done');
    const pick = document.createElement('select');
    pick.setAttribute('aria-label', 'priority of ' + f.name);
    for (const [value, text] of PRIORITIES) {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      pick.appendChild(o);
    }
    pick.addEventListener('change', () => setFile(tr, id, { [PRIORITIES.find((p) => p[0] === pick.value)[2]]: [i] }));
    cell(tr, '').appendChild(pick);
    return tr;
  }
  async function setFile(tr, id, args) {
    tr.dataset.pending = '1';
    try { await rpc('torrent-set', Object.assign({ ids: [id] }, args)); } catch (e) { message(e.message, true); }
    filesSetAt = performance.now();
    delete tr.dataset.pending;
    refresh();
  }

  async function refresh() {
    try {
      const [list, stats] = await Promise.all([rpc('torrent-get', { fields: LIST_FIELDS }), rpc('session-stats')]);
      torrents = list.torrents;
      history.push([stats.downloadSpeed, stats.uploadSpeed]);
      if (history.length > 300) history.shift();
      $('total-down').textContent = '↓ ' + rate(stats.downloadSpeed);
      $('total-up').textContent = '↑ ' + rate(stats.uploadSpeed);
      if (selected === null && torrents.length) selected = torrents[0].id;
      renderList();
      renderGraph();
      if (open !== null) {
        detailsAskedAt = performance.now();
        const d = await rpc('torrent-get', { ids: [open], fields: DETAIL_FIELDS });
        if (d.torrents.length) renderDetails(d.torrents[0]); else close();
      }
    } catch (e) {
      $('add-result').textContent = 'cannot reach the daemon: ' + e.message;
    }
  }

  function select(id) { selected = id; renderList(); }
  function show(id) { open = id; refresh(); }
  function close() { open = null; $('details').hidden = true; }
  const current = () => torrents.find((t) => t.id === selected);

  async function act(fn) {
    try { await fn(); } catch (e) { message(e.message, true); }
    refresh();
  }
  const toggle = (t) => act(() => rpc(t.state === 'stopped' || t.state === 'error' ? 'torrent-start' : 'torrent-stop', { ids: [t.id] }));
  const remove = (t) => {
    if (!confirm('Remove ' + t.name + '? (the data stays on disk)')) return;
    if (open === t.id) close();
    act(() => rpc('torrent-remove', { ids: [t.id] }));
  };
  function message(text, bad) { const r = $('add-result'); r.textContent = text; r.className = bad ? 'bad' : ''; }

  function fileBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  $('add-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const link = $('add-link').value.trim(), file = $('add-file').files[0], paused = $('add-paused').checked;
    if (!link && !file) { message('paste a magnet link or URL, or choose a .torrent file', true); return; }
    try {
      const args = file ? { metainfo: await fileBase64(file), paused } : { filename: link, paused };
      const r = await rpc('torrent-add', args);
      const t = r['torrent-added'] || r['torrent-duplicate'];
      message((r['torrent-added'] ? 'added ' : 'already there: ') + t.name);
      $('add-link').value = '';
      $('add-file').value = '';
      selected = t.id;
      refresh();
    } catch (err) {
      message(err.message, true);
    }
  });
  $('d-close').addEventListener('click', close);

  document.addEventListener('keydown', (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
    if (e.key === 'Escape') { if (typing) e.target.blur(); close(); return; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    const i = torrents.findIndex((t) => t.id === selected);
    const move = (k) => {
      if (!torrents.length) return;
      selected = torrents[Math.max(0, Math.min(torrents.length - 1, (i < 0 ? 0 : i + k)))].id;
      renderList();
      const row = document.querySelector('tr.torrent[data-id="' + selected + '"]');
      if (row) row.focus();
      if (open !== null) show(selected);
    };
    const t = current();
    switch (e.key) {
      case 'ArrowDown': case 'j': e.preventDefault(); move(1); break;
      case 'ArrowUp': case 'k': e.preventDefault(); move(-1); break;
      case 'Enter': if (t && e.target.tagName !== 'BUTTON') show(t.id); break;
      case 's': if (t) toggle(t); break;
      case 'v': if (t) act(() => rpc('torrent-verify', { ids: [t.id] })); break;
      case 'Delete': if (t) remove(t); break;
      case 'a': e.preventDefault(); $('add-link').focus(); break;
      default:
    }
  });

  refresh();
  setInterval(refresh, 1000);
})();
