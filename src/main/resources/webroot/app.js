// The dashboard: plain JS, no build step. It reads the same API and SSE a script would.
(function () {
  'use strict';

  const TOKEN_KEY = 'bulkLaunchToken';
  const $ = (id) => document.getElementById(id);
  const jobs = new Map();
  let selectedId = null;
  let jobStream = null;
  let rateHistory = [];
  const JobCard = window.JobCard;

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function withToken(url) {
    const t = token();
    return t ? url + (url.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(t) : url;
  }

  async function api(method, url, body, contentType) {
    const headers = {};
    if (token()) headers['Authorization'] = 'Bearer ' + token();
    if (contentType) headers['Content-Type'] = contentType;
    const response = await fetch(url, { method, headers, body });
    if (response.status === 401) {
      const entered = window.prompt('This server needs its access token (server.token):');
      if (entered) {
        sessionStorage.setItem(TOKEN_KEY, entered.trim());
        connectAll();
        return api(method, url, body, contentType);
      }
    }
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      throw new Error(json && json.message ? json.message : 'HTTP ' + response.status);
    }
    return json;
  }

  // ---- jobs list, fed by /api/events ----
  let allStream = null;
  function connectAll() {
    if (allStream) allStream.close();
    allStream = new EventSource(withToken('/api/events'));
    allStream.onopen = () => setConnection('live', 'live');
    allStream.onerror = () => setConnection('reconnecting…', 'down');
    const onJob = (event) => {
      const job = JSON.parse(event.data);
      jobs.set(job.id, job);
      renderList();
    };
    allStream.addEventListener('progress', onJob);
    allStream.addEventListener('done', onJob);
  }

  function setConnection(text, cls) {
    const pill = $('connection');
    pill.textContent = text;
    pill.className = 'pill ' + cls;
  }

  function renderList() {
    const list = $('job-list');
    const sorted = [...jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (sorted.length === 0) {
      list.innerHTML = '<li class="muted">No jobs yet.</li>';
      return;
    }
    list.innerHTML = '';
    for (const job of sorted) {
      const li = document.createElement('li');
      li.className = 'job' + (job.id === selectedId ? ' selected' : '');
      li.dataset.jobId = job.id;
      const c = job.counts || {};
      li.innerHTML = '<div><div class="name"></div><div class="meta"></div></div><span class="state"></span>';
      li.querySelector('.name').textContent = job.name;
      li.querySelector('.meta').textContent = (c.done || 0) + ' / ' + (c.read || 0) + ' done'
        + (job.key ? ' · ' + job.key : '') + (job.dryRun ? ' · dry run' : '');
      const state = li.querySelector('.state');
      state.textContent = job.state;
      state.classList.add(job.state);
      li.addEventListener('click', () => select(job.id));
      list.appendChild(li);
    }
  }

  // ---- the selected job, fed by /api/jobs/{id}/events ----
  function select(id) {
    if (jobStream) jobStream.close();
    selectedId = id;
    $('empty-state').classList.add('hidden');
    $('job-view').classList.remove('hidden');
    const job = jobs.get(id);
    if (job) renderJob(job);
    // the list's copy may be a second old: the rate window's baseline is the stream's first snapshot
    rateHistory = [];
    renderList();
    const base = '/api/jobs/' + encodeURIComponent(id);
    $('download-ndjson').href = withToken(base + '/results');
    $('download-csv').href = withToken(base + '/results.csv');
    $('download-failed').href = withToken(base + '/results.csv?status=failed');
    jobStream = new EventSource(withToken(base + '/events'));
    const onSnapshot = (event) => {
      const snapshot = JSON.parse(event.data);
      jobs.set(snapshot.id, snapshot);
      if (snapshot.id === selectedId) renderJob(snapshot);
      renderList();
    };
    jobStream.addEventListener('progress', onSnapshot);
    jobStream.addEventListener('done', (event) => {
      onSnapshot(event);
      jobStream.close();
    });
  }

  // While the list is still being read, the upload's line count stands in for the number of leads.
  function totalLeads(job) {
    const c = job.counts || {};
    const lines = job.upload && job.upload.complete && job.upload.lines ? job.upload.lines : 0;
    return c.inputComplete ? (c.read || 0) : Math.max(c.read || 0, lines);
  }

  function windowCount(job) {
    const windowMs = job.limit ? job.limit.windowMs : 2000;
    return window.RateWindow.windowCount(rateHistory, Date.now(), (job.counts || {}).sent || 0, windowMs);
  }

  function renderJob(job) {
    const c = job.counts || {};
    const total = totalLeads(job);
    const done = c.done || 0;
    const read = c.read || 0;
    const finished = !JobCard.isActive(job.state);
    const pct = finished && job.state === 'done' ? 100 : total === 0 ? 0 : Math.min(100, Math.floor((done / total) * 100));
    const inWindow = finished ? 0 : windowCount(job);
    const rate = job.limit && inWindow !== null ? inWindow / (job.limit.windowMs / 1000) : c.rate || 0;
    $('job-title').textContent = job.name;
    $('job-id').textContent = job.id;
    $('job-key').textContent = job.key || 'default';
    $('job-created').textContent = new Date(job.createdAt).toLocaleString();
    $('job-started-by').textContent = JobCard.startedBy(job);
    $('job-member').textContent = JobCard.runBy(job);
    const state = $('job-state');
    state.textContent = job.state + (job.dryRun ? ' · dry run' : '');
    state.className = 'state ' + job.state;
    $('progress-bar').style.width = pct + '%';
    $('progress').setAttribute('aria-valuenow', String(pct));
    $('progress-text').textContent = pct + '%';
    $('progress-detail').textContent = done + ' of ' + (c.inputComplete ? read : '~' + total) + ' leads'
      + (job.upload && !job.upload.complete ? ' · upload ' + formatBytes(job.upload.bytes) : '');
    $('count-launched').textContent = c.launched || 0;
    $('count-skipped').textContent = c.skipped || 0;
    $('count-failed').textContent = c.failed || 0;
    $('count-done').textContent = done;
    $('count-read').textContent = read;
    $('count-429').textContent = c.rateLimited || 0;
    $('in-flight').textContent = c.inFlight || 0;
    $('rate').textContent = rate.toFixed(1);
    const eta = c.etaSeconds !== null && c.etaSeconds !== undefined ? c.etaSeconds
      : rate > 0 && total > done ? (total - done) / rate : null;
    $('eta').textContent = finished ? '—' : formatEta(eta);
    $('limit-text').textContent = job.limit ? job.limit.requests + ' per ' + job.limit.windowMs / 1000 + ' s' : '';
    $('job-message').textContent = job.message || '';
    const controls = JobCard.controls(job.state);
    $('pause-button').disabled = !controls.pause;
    $('resume-button').disabled = !controls.resume;
    $('cancel-button').disabled = !controls.cancel;
    renderCodes(c.byCode || {});
    renderFailures(job.recentFailures || []);
    if (!finished) {
      rateHistory.push({ t: Date.now(), inWindow, sent: c.sent || 0 });
      if (rateHistory.length > 600) rateHistory.shift();
    }
    drawChart(job.limit ? job.limit.requests : 0);
  }

  function renderCodes(byCode) {
    const body = $('by-code');
    const entries = Object.entries(byCode).sort((a, b) => b[1] - a[1]);
    body.innerHTML = entries.length ? '' : '<tr><td class="muted">None yet.</td></tr>';
    for (const [code, n] of entries) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td><code></code></td><td class="num"></td>';
      tr.querySelector('code').textContent = code;
      tr.querySelector('.num').textContent = n;
      body.appendChild(tr);
    }
  }

  function renderFailures(failures) {
    const body = $('failures');
    body.innerHTML = failures.length ? '' : '<tr><td colspan="3" class="muted">No failures.</td></tr>';
    for (const f of failures) {
      const tr = document.createElement('tr');
      tr.innerHTML = '<td><code></code></td><td><code></code></td><td></td>';
      tr.children[0].firstChild.textContent = f.leadId;
      tr.children[1].firstChild.textContent = f.code || ('HTTP ' + f.http);
      tr.children[2].textContent = f.message || '';
      body.appendChild(tr);
    }
  }

  function drawChart(limit) {
    const canvas = $('rate-chart');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 900;
    const height = canvas.clientHeight || 200;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const left = 36, right = 10, top = 10, bottom = 22;
    const w = width - left - right, h = height - top - bottom;
    const counted = rateHistory.filter((p) => p.inWindow !== null);
    const maxRate = Math.max(limit * 1.25, ...counted.map((p) => p.inWindow), 1);
    const y = (v) => top + h - (v / maxRate) * h;
    g.font = '11px sans-serif';
    g.fillStyle = '#6b7487';
    g.strokeStyle = '#eef0f5';
    g.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const v = (maxRate / 4) * i;
      g.beginPath(); g.moveTo(left, y(v)); g.lineTo(left + w, y(v)); g.stroke();
      g.fillText(v.toFixed(v < 10 ? 1 : 0), 4, y(v) + 4);
    }
    const now = Date.now();
    const span = Math.min(600000, Math.max(30000, rateHistory.length ? now - rateHistory[0].t : 0));
    const x = (t) => left + w - ((now - t) / span) * w;
    g.fillText('-' + Math.round(span / 1000) + ' s', left, height - 6);
    g.fillText('now', left + w - 22, height - 6);
    if (limit > 0) {
      g.strokeStyle = '#dc2626'; g.setLineDash([6, 4]); g.lineWidth = 1.5;
      g.beginPath(); g.moveTo(left, y(limit)); g.lineTo(left + w, y(limit)); g.stroke();
      g.setLineDash([]);
    }
    const points = counted.filter((p) => now - p.t <= span);
    if (points.length > 1) {
      g.strokeStyle = '#4f46e5'; g.lineWidth = 2;
      g.beginPath();
      points.forEach((p, i) => (i ? g.lineTo(x(p.t), y(p.inWindow)) : g.moveTo(x(p.t), y(p.inWindow))));
      g.stroke();
      g.lineTo(x(points[points.length - 1].t), y(0)); g.lineTo(x(points[0].t), y(0)); g.closePath();
      g.fillStyle = 'rgba(79, 70, 229, 0.08)'; g.fill();
    }
  }

  function formatEta(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    if (seconds < 60) return Math.ceil(seconds) + ' s';
    const m = Math.floor(seconds / 60);
    return m < 60 ? m + ' min ' + Math.round(seconds % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }

  function formatBytes(n) {
    return n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KB' : (n / 1048576).toFixed(1) + ' MB';
  }

  // ---- actions ----
  $('upload-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const message = $('upload-message');
    const file = $('file-input').files[0];
    const pasted = $('paste-input').value;
    if (!file && !pasted.trim()) {
      message.textContent = 'Choose a file or paste lead IDs first.';
      message.className = 'message error';
      return;
    }
    const params = new URLSearchParams();
    if ($('job-name').value.trim()) params.set('name', $('job-name').value.trim());
    if ($('dry-run').checked) params.set('dryRun', 'true');
    if ($('key-select').value) params.set('key', $('key-select').value);
    const url = '/api/jobs' + (params.toString() ? '?' + params : '');
    $('launch-button').disabled = true;
    message.textContent = 'Uploading…';
    message.className = 'message';
    try {
      let job;
      if (file) {
        const form = new FormData();
        form.append('file', file);
        job = await api('POST', url, form);
      } else {
        job = await api('POST', url, pasted, 'text/plain');
      }
      jobs.set(job.id, job);
      message.textContent = 'Job ' + job.id + ' started.';
      message.className = 'message ok';
      $('paste-input').value = '';
      $('file-input').value = '';
      select(job.id);
    } catch (e) {
      message.textContent = e.message;
      message.className = 'message error';
    } finally {
      $('launch-button').disabled = false;
    }
  });

  function control(method, suffix) {
    return async () => {
      if (!selectedId) return;
      try {
        const job = await api(method, '/api/jobs/' + encodeURIComponent(selectedId) + suffix);
        jobs.set(job.id, job);
        renderJob(job);
        renderList();
        if (suffix === '/resume' && (!jobStream || jobStream.readyState === EventSource.CLOSED)) select(job.id);
      } catch (e) {
        $('job-message').textContent = e.message;
      }
    };
  }
  $('pause-button').addEventListener('click', control('POST', '/pause'));
  $('resume-button').addEventListener('click', control('POST', '/resume'));
  $('cancel-button').addEventListener('click', () => {
    if (window.confirm('Cancel this job? Leads not sent yet will not be sent.')) control('DELETE', '')();
  });
  window.addEventListener('resize', () => drawChart((jobs.get(selectedId) || {}).limit?.requests || 0));

  // ---- per-key budgets, polled from /api/keys (names and counts only, never a key) ----
  const keyHistory = new Map();
  let keyNames = '';

  // Requests of a key in the last window: its request count now, less what it was a window ago.
  function keyWindowCount(key, now) {
    const history = keyHistory.get(key.name) || [];
    history.push({ t: now, requests: key.requests });
    while (history.length > 2 && now - history[1].t >= key.windowMs) history.shift();
    keyHistory.set(key.name, history);
    return key.requests - history[0].requests;
  }

  // A keyring need not have a key named default: then the first one is chosen, never a name the server lacks.
  function firstKey(keys) {
    return keys.some((k) => k.name === 'default') ? 'default' : keys.length ? keys[0].name : '';
  }

  function renderKeys(keys) {
    const names = keys.map((k) => k.name).join(',');
    if (names !== keyNames) {
      keyNames = names;
      const campaignKey = $('campaign-key').value;
      for (const select of [$('key-select'), $('campaign-key')]) {
        const chosen = select.value;
        select.innerHTML = '';
        for (const key of keys) select.add(new Option(key.name, key.name));
        select.value = keys.some((k) => k.name === chosen) ? chosen : firstKey(keys);
      }
      if ($('campaign-key').value !== campaignKey) loadCampaigns();
    }
    const now = Date.now();
    const rows = keys.map((k) => ({ key: k, inWindow: keyWindowCount(k, now) }))
      .sort((a, b) => b.inWindow - a.inWindow || b.key.waiting - a.key.waiting || a.key.name.localeCompare(b.key.name));
    const body = $('key-budgets');
    body.innerHTML = '';
    for (const { key, inWindow } of rows) {
      const tr = document.createElement('tr');
      tr.dataset.key = key.name;
      tr.innerHTML = '<td><code></code></td><td><span class="budget"><i></i></span><span class="used"></span></td>'
        + '<td class="num"></td><td class="num"></td>';
      tr.querySelector('code').textContent = key.name;
      const share = key.limit ? Math.min(1, inWindow / key.limit) : 0;
      tr.querySelector('.budget').classList.toggle('full', share >= 1);
      tr.querySelector('.budget > i').style.width = Math.round(share * 100) + '%';
      tr.querySelector('.used').textContent = inWindow + ' / ' + key.limit;
      tr.children[2].textContent = key.rateLimited;
      tr.children[3].textContent = key.waiting;
      body.appendChild(tr);
    }
  }

  async function pollKeys() {
    try {
      renderKeys((await api('GET', '/api/keys')).keys);
    } catch (e) {
      // the connection pill already says when the server is gone
    }
    setTimeout(pollKeys, 1000);
  }

  // ---- a campaign's review queue ----
  function selectedEmailStatuses() {
    const boxes = [...document.querySelectorAll('#email-status input')];
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    return checked.length === boxes.length ? null : checked;
  }

  function campaignParams(id) {
    const params = new URLSearchParams({ key: $('campaign-key').value });
    params.append('campaign', id);
    const statuses = selectedEmailStatuses();
    if (statuses) params.set('emailStatus', statuses.join(','));
    return params;
  }

  function campaignMessage(text, cls) {
    const message = $('campaign-message');
    message.textContent = text;
    message.className = 'message' + (cls ? ' ' + cls : '');
  }

  const campaignNames = new Map();
  // The last preview shown, by its query: the launch asks with its count, so it is not read twice.
  let shownPreview = null;

  function previewQuery(id) {
    const query = new URLSearchParams({ key: $('campaign-key').value });
    const statuses = selectedEmailStatuses();
    if (statuses) query.set('emailStatus', statuses.join(','));
    return '/api/campaigns/' + encodeURIComponent(id) + '/preview?' + query;
  }

  async function loadCampaigns() {
    const select = $('campaign-select');
    const key = $('campaign-key').value;
    if (!key) return;
    try {
      const answer = await api('GET', '/api/campaigns?key=' + encodeURIComponent(key));
      if ($('campaign-key').value !== key) return;
      select.innerHTML = '';
      campaignNames.clear();
      if (!answer.campaigns.length) select.add(new Option('no campaigns on this key', ''));
      for (const c of answer.campaigns) {
        campaignNames.set(c._id, c.name || c._id);
        select.add(new Option((c.name || c._id) + ' · ' + (c.status || '?'), c._id));
      }
      campaignMessage('');
    } catch (e) {
      select.innerHTML = '';
      select.add(new Option('campaigns unavailable', ''));
      campaignMessage(e.message, 'error');
    }
  }

  $('campaign-key').addEventListener('change', () => {
    $('campaign-preview-result').textContent = '';
    shownPreview = null;
    loadCampaigns();
  });

  /** Reads the campaign's review queue (one export, nothing launched), shows it, and returns it. */
  async function preview(id) {
    const out = $('campaign-preview-result');
    const url = previewQuery(id);
    out.textContent = 'Reading the campaign…';
    const p = await api('GET', url);
    const table = document.createElement('table');
    const row = (label, value) => {
      const tr = table.insertRow();
      tr.insertCell().textContent = label;
      const td = tr.insertCell();
      td.className = 'num';
      td.textContent = value.toLocaleString('en-US');
    };
    row('leads in the campaign', p.leads);
    row('waiting for review', p.waitingForReview);
    for (const [status, n] of Object.entries(p.waitingByEmailStatus)) row('  · ' + status, n);
    row('selected to launch', p.selected);
    out.innerHTML = '';
    out.appendChild(table);
    shownPreview = { url, selected: p.selected };
    if ($('campaign-message').classList.contains('error')) campaignMessage('');
    return p;
  }

  $('campaign-preview').addEventListener('click', async () => {
    const id = $('campaign-select').value;
    if (!id) return;
    try {
      await preview(id);
    } catch (e) {
      shownPreview = null;
      $('campaign-preview-result').textContent = e.message;
    }
  });

  // A launch sends real emails: it asks first, with the preview's count (read now if none is shown for this choice).
  async function confirmLaunch(id) {
    const selected = shownPreview && shownPreview.url === previewQuery(id) ? shownPreview.selected
      : (await preview(id)).selected;
    return window.confirm('Launch ' + selected.toLocaleString('en-US') + ' leads of campaign '
      + (campaignNames.get(id) || id) + ' with key ' + $('campaign-key').value + '?');
  }

  $('campaign-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = $('campaign-select').value;
    if (!id) {
      campaignMessage('Choose a campaign first.', 'error');
      return;
    }
    const params = campaignParams(id);
    const dryRun = $('campaign-dry-run').checked;
    if (dryRun) params.set('dryRun', 'true');
    $('campaign-launch').disabled = true;
    try {
      if (!dryRun && !(await confirmLaunch(id))) {
        campaignMessage('Not launched.');
        return;
      }
      campaignMessage('Reading the review queue…');
      const job = await api('POST', '/api/jobs?' + params);
      jobs.set(job.id, job);
      const selected = (job.campaigns || []).reduce((n, c) => n + c.selected, 0);
      campaignMessage('Job ' + job.id + ' started: ' + selected + ' leads.', 'ok');
      select(job.id);
    } catch (e) {
      campaignMessage(e.message, 'error');
    } finally {
      $('campaign-launch').disabled = false;
    }
  });

  async function init() {
    try {
      const answer = await api('GET', '/api/jobs');
      for (const job of answer.jobs) jobs.set(job.id, job);
      renderList();
      connectAll();
      if (answer.jobs.length && !selectedId) {
        const active = answer.jobs.find((j) => JobCard.isActive(j.state));
        select((active || answer.jobs[0]).id);
      }
    } catch (e) {
      setConnection('offline: ' + e.message, 'down');
    }
  }
  init();
  pollKeys();
})();
