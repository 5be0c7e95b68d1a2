// The NorseAlerts on-call page. Plain browser JavaScript, no build step. It reads the same API any client
// uses, with the key typed into the page (kept for this browser session only, sent only as the X-Api-Key
// header, never in a URL), and listens to /api/updates (server-sent events read through fetch, because
// EventSource cannot send a header) to refresh the moment the server records a change.
'use strict';

const KINDS = {
  'first-line-due-soon': 'First-line immunotherapy window closing soon',
  'first-line-overdue': 'First-line immunotherapy not started: window closed',
  'response-check-due': 'Response to first-line therapy not assessed',
  'second-line-recommended': 'Second-line immunotherapy recommended',
  'second-line-dose-overdue': 'Second-line dose overdue',
  'super-refractory': 'Super-refractory status epilepticus',
};
const EVENTS = {
  'rse.onset': 'RSE onset',
  'norse.suspected': 'NORSE suspected',
  'immunotherapy.first-line.started': 'First-line therapy started',
  'immunotherapy.first-line.completed': 'First-line course completed',
  'response.assessed': 'Response assessed',
  'immunotherapy.second-line.started': 'Second-line therapy started',
  'immunotherapy.second-line.dose-given': 'Second-line dose given',
  'immunotherapy.second-line.stopped': 'Second-line therapy stopped',
  'etiology.identified': 'Etiology identified',
  'norse.ruled-out': 'NORSE ruled out',
  'patient.discharged': 'Discharged',
  'patient.discharge-cancelled': 'Discharge cancelled',
  'patient.deceased': 'Deceased',
  'patient.merged': 'Patient records merged',
  'patient.measurements': 'Weight / height recorded',
  'anesthetic.infusion.started': 'Anesthetic infusion started',
  'seizures.controlled': 'Seizures controlled',
  'event.entered-in-error': 'Entry marked entered in error',
};
const DEADLINES = {
  'first-line-window': 'First-line immunotherapy window',
  'response-check': 'Response assessment after first line',
  'second-line-decision': 'Second-line decision',
  'super-refractory': 'Super-refractory threshold (anesthetic infusion)',
};
const SEVERITY_RANK = { critical: 0, high: 1, warning: 2 };
const ROLES = {
  'neurology-oncall': 'neurology on-call',
  'neurology-backup': 'neurology backup',
  'neurocritical-care-attending': 'neurocritical care attending',
};

const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem('norse-key') || '', offset: 0, version: -1, data: null, caseData: null, stream: null, pending: null };

// ---- time: one format everywhere, in the browser's zone, with the zone shown -------------------------
const zoneName = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const formatter = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short',
});
function fmt(value) {
  if (!value) { return ''; }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
// The server's clock (learned from the live stream), so countdowns agree with the server, not the phone.
function now() { return Date.now() + state.offset; }
// Time left rounds up and time past rounds down, so "due in" never says less than is left.
function span(ms) {
  const minutes = ms > 0 ? Math.ceil(ms / 60000) : Math.floor(-ms / 60000);
  const d = Math.floor(minutes / 1440); const h = Math.floor((minutes % 1440) / 60); const m = minutes % 60;
  if (d > 0) { return h > 0 ? `${d} d ${h} h` : `${d} d`; }
  if (h > 0) { return m > 0 ? `${h} h ${m} min` : `${h} h`; }
  return m > 0 ? `${m} min` : 'less than a minute';
}
function ago(value) { return value ? `${span(Math.min(0, Date.parse(value) - now()))} ago` : ''; }
function until(value) {
  const left = Date.parse(value) - now();
  return left >= 0 ? { text: `due in ${span(left)}`, overdue: false } : { text: `overdue by ${span(left)}`, overdue: true };
}
// Messages and audit lines carry UTC times ("2026-12-02 08:19Z", ISO 8601); show them in the page's one format.
function localiseTimes(text) {
  return String(text || '')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/g, (iso) => fmt(iso))
    .replace(/(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})Z/g, (_, d, t) => fmt(`${d}T${t}:00Z`));
}

// ---- small DOM builders (text only: nothing from the server is parsed as HTML) -------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) { continue; }
    if (k === 'class') { node.className = v; } else if (k === 'text') { node.textContent = v; } else if (k.startsWith('on')) { node.addEventListener(k.slice(2), v); } else { node.setAttribute(k, v === true ? '' : v); }
  }
  for (const c of children.flat()) { if (c !== null && c !== undefined && c !== false) { node.append(c instanceof Node ? c : String(c)); } }
  return node;
}
const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) { node.setAttribute(k, v); }
  if (text !== undefined) { node.textContent = text; }
  return node;
}
function kindWords(kind) { return KINDS[kind] || kind; }
function roleWords(role) { return ROLES[role] || role; }
function eventWords(type) { return EVENTS[type] || type; }
function deadlineWords(kind) {
  if (kind.startsWith('second-line-dose:')) { return `Next ${kind.slice('second-line-dose:'.length)} dose`; }
  return DEADLINES[kind] || kind;
}
function caseLink(caseId) { return el('a', { href: `#case/${encodeURIComponent(caseId)}`, text: caseId }); }

// ---- API ----------------------------------------------------------------------------------------------
async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options, cache: 'no-store',
    headers: { 'X-Api-Key': state.key, 'Content-Type': 'application/json', Accept: 'application/json' },
  });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try { const p = await response.json(); detail = p.detail || p.title || detail; } catch { /* not JSON */ }
    const error = new Error(detail); error.status = response.status; throw error;
  }
  return response.json();
}
async function optional(path) {
  try { return await api(path); } catch (e) { if (e.status === 404 || e.status === 405) { return null; } throw e; }
}

// ---- rendering: alerts --------------------------------------------------------------------------------
function urgency(a, b) {
  const s = (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9);
  if (s !== 0) { return s; }
  return Date.parse(a.dueAt || a.raisedAt) - Date.parse(b.dueAt || b.raisedAt);
}
function recommendations(alert) {
  const recs = alert.recommendations || [];
  if (recs.length === 0) { return null; }
  return el('details', { class: 'recs-box', 'data-keep': `${alert.alertId}:recs` },
    el('summary', { text: `Recommendations (${recs.length})` }),
    el('ul', { class: 'recs' }, recs.map((r, i) => el('li', {},
      el('strong', { text: r.title }), r.detail ? `: ${r.detail}` : '',
      el('details', { class: 'source', 'data-keep': `${alert.alertId}:source:${i}` }, el('summary', { text: 'Source' }),
        el('p', { text: r.source }), r.note ? el('p', { class: 'source-note', text: `Note: ${r.note}` }) : null)))));
}
function alertItem(alert, patients, options = {}) {
  const clock = alert.dueAt ? until(alert.dueAt) : null;
  const item = el('li', { class: `alert ${alert.severity}`, 'data-alert-id': alert.alertId, 'data-kind': alert.kind },
    el('div', { class: 'alert-head' },
      el('span', { class: `badge ${alert.severity}`, text: alert.severity }),
      el(options.heading || 'h3', { text: kindWords(alert.kind) }),
      clock ? el('span', { class: `clock ${clock.overdue ? 'overdue' : 'pending'}`, 'data-due': alert.dueAt, text: clock.text }) : null),
    el('p', { class: 'facts' },
      options.hidePatient ? null : el('span', {}, el('span', { class: 'label', text: 'Patient ' }), el('span', { class: 'patient', text: patients.get(alert.caseId) || 'unknown' })),
      el('span', {}, el('span', { class: 'label', text: 'Case ' }), caseLink(alert.caseId)),
      el('span', { class: 'level' }, `Level ${alert.level}${alert.repeat ? ` (repeat ${alert.repeat})` : ''} · ${roleWords(alert.recipientRole)}`),
      el('span', {}, el('span', { class: 'label', text: 'Raised ' }), el('span', { class: 'raised', 'data-since': alert.raisedAt, text: `${fmt(alert.raisedAt)} (${ago(alert.raisedAt)})` })),
      alert.dueAt ? el('span', {}, el('span', { class: 'label', text: 'Due ' }), fmt(alert.dueAt)) : null),
    el('p', { class: 'message', text: localiseTimes(alert.message) }),
    alert.state === 'acknowledged'
      ? el('p', { class: 'acked-by' }, `Acknowledged by ${alert.acknowledgedBy} at ${fmt(alert.acknowledgedAt)} (${ago(alert.acknowledgedAt)})`, alert.ackNote ? `: ${alert.ackNote}` : '')
      : null,
    alert.state === 'resolved'
      ? el('p', { class: 'resolved' }, `Resolved ${fmt(alert.resolvedAt)}`, alert.resolution ? `: ${alert.resolution}` : '')
      : null,
    recommendations(alert));
  if (alert.state === 'triggered') {
    item.append(el('div', { class: 'actions' }, el('button', {
      type: 'button', class: 'primary ack', 'data-keep': `${alert.alertId}:ack`, 'aria-label': `Acknowledge ${kindWords(alert.kind)} for ${patients.get(alert.caseId) || alert.caseId}`,
      text: 'Acknowledge', onclick: () => openAck(alert, patients.get(alert.caseId)),
    })));
  }
  return item;
}
function renderBoard() {
  const { triggered, acknowledged, cases, held } = state.data;
  const patients = new Map(cases.map((c) => [c.caseId, c.patient]));
  const open = [...triggered].sort(urgency);
  $('open-alerts').replaceChildren(...open.map((a) => alertItem(a, patients)));
  $('open-count').textContent = `(${open.length})`;
  $('open-empty').hidden = open.length > 0;
  const acked = [...acknowledged].sort(urgency);
  $('acked-alerts').replaceChildren(...acked.map((a) => alertItem(a, patients)));
  $('acked-count').textContent = `(${acked.length})`;
  $('acked-empty').hidden = acked.length > 0;
  const active = cases.filter((c) => (c.status || 'active') === 'active');
  // A case past its deadline has no next one: show what it is overdue for instead of an empty cell.
  const overdue = new Map();
  for (const a of [...triggered, ...acknowledged].filter((x) => x.dueAt && Date.parse(x.dueAt) < now()).sort(urgency)) {
    if (!overdue.has(a.caseId)) { overdue.set(a.caseId, a); }
  }
  const next = (c) => {
    if (c.nextDeadline) { return `${fmt(c.nextDeadline)} (${until(c.nextDeadline).text})`; }
    const a = overdue.get(c.caseId);
    return a ? `${kindWords(a.kind)}: ${until(a.dueAt).text}` : 'none pending';
  };
  $('cases').tBodies[0].replaceChildren(...active.map((c) => el('tr', {},
    el('td', { text: c.patient }), el('td', {}, caseLink(c.caseId)), el('td', { text: (c.stage || '').replaceAll('-', ' ') }),
    el('td', { text: fmt(c.onsetAt) }),
    el('td', { class: overdue.has(c.caseId) && !c.nextDeadline ? 'status-missed' : null }, next(c)))));
  $('held-section').hidden = !held;
  if (held) {
    // One row per held event, oldest patient first as the server orders them; ages and expiries follow the server clock.
    const rows = held.flatMap((p) => (p.events || []).map((e) => ({ patient: p.patient, ...e })));
    $('held-count').textContent = `(${rows.length})`;
    $('held-empty').hidden = rows.length > 0;
    $('held').hidden = rows.length === 0;
    $('held').tBodies[0].replaceChildren(...rows.map((h) => el('tr', {},
      el('td', { text: h.patient }), el('td', { text: eventWords(h.type) }), el('td', { text: fmt(h.time) }), el('td', { text: h.source || '' }),
      el('td', { class: 'held-age', text: h.receivedAt ? `${fmt(h.receivedAt)} (${ago(h.receivedAt)})` : 'unknown' }),
      el('td', { class: 'held-expiry', text: h.expiresAt ? `${fmt(h.expiresAt)} (in ${span(Math.max(0, Date.parse(h.expiresAt) - now()))})` : 'no expiry known' }))));
  }
}

// ---- rendering: one case ------------------------------------------------------------------------------
function bandStart(deadline, detail) {
  const events = detail.events || [];
  const before = (pred) => events.filter((e) => pred(e) && Date.parse(e.time) <= Date.parse(deadline.dueAt)).map((e) => Date.parse(e.time));
  if (deadline.kind.startsWith('second-line-dose:')) {
    const agent = deadline.kind.slice('second-line-dose:'.length);
    const doses = before((e) => e.agent === agent && e.type.startsWith('immunotherapy.second-line.'));
    if (doses.length) { return Math.max(...doses); }
  }
  if (deadline.kind === 'response-check') {
    const starts = before((e) => e.type === 'immunotherapy.first-line.started');
    if (starts.length) { return Math.min(...starts); }
  }
  if (deadline.kind === 'super-refractory') {
    const infusions = before((e) => e.type === 'anesthetic.infusion.started');
    if (infusions.length) { return Math.max(...infusions); }
  }
  return Date.parse(detail.onsetAt);
}
function drawTimeline(detail, audit) {
  const box = $('timeline');
  box.replaceChildren();
  const onset = Date.parse(detail.onsetAt);
  const events = (detail.events || []).map((e) => ({ ...e, t: Date.parse(e.time) }));
  const pages = audit.filter((a) => a.kind === 'page').map((a) => ({ t: Date.parse(a.at), text: a.detail }));
  const acks = audit.filter((a) => a.kind === 'alert-acknowledged').map((a) => ({ t: Date.parse(a.at), text: a.detail }));
  const bands = (detail.deadlines || []).map((d) => ({ ...d, start: bandStart(d, detail), end: Date.parse(d.dueAt) }));
  const current = now();
  const times = [onset, current, ...events.map((e) => e.t), ...pages.map((p) => p.t), ...acks.map((a) => a.t), ...bands.map((b) => b.end)];
  let t0 = Math.min(...times); let t1 = Math.max(...times);
  const pad = Math.max((t1 - t0) * 0.04, 3600000); t0 -= pad; t1 += pad;
  const width = 1000; const left = 150; const right = 20;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const bandHeight = 22; const bandsTop = 40;
  const eventsTop = bandsTop + Math.max(bands.length, 1) * (bandHeight + 6) + 16;
  const pagesTop = eventsTop + 110;
  const height = pagesTop + 50;
  box.setAttribute('viewBox', `0 0 ${width} ${height}`);
  box.setAttribute('height', String(height));
  // axis with day ticks
  const axis = svg('g', { class: 'axis' });
  axis.append(svg('line', { x1: left, x2: width - right, y1: 24, y2: 24 }));
  const day = 86400000; const spanDays = (t1 - t0) / day;
  const step = spanDays > 40 ? 7 * day : spanDays > 12 ? 2 * day : spanDays > 2 ? day : spanDays > 0.5 ? 6 * 3600000 : 3600000;
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    axis.append(svg('line', { x1: x(t), x2: x(t), y1: 20, y2: height - 8, 'stroke-opacity': '0.25' }));
    axis.append(svg('text', { x: x(t) + 2, y: 14 }, fmt(t).slice(5, step >= day ? 10 : 16)));
  }
  box.append(axis);
  const lane = (y, text) => box.append(svg('text', { class: 'lane-label', x: 8, y }, text));
  lane(bandsTop + 15, 'Windows');
  lane(eventsTop + 14, 'Events');
  lane(pagesTop + 14, 'Pages / acks');
  bands.forEach((b, i) => {
    const y = bandsTop + i * (bandHeight + 6);
    const g = svg('g', { class: 'band-group', 'data-kind': b.kind });
    const x1 = x(Math.min(b.start, b.end)); const x2 = x(b.end);
    g.append(svg('rect', { class: `band ${b.status}`, x: x1, y, width: Math.max(x2 - x1, 3), height: bandHeight, rx: 3 }));
    g.append(svg('title', {}, `${deadlineWords(b.kind)}: due ${fmt(b.dueAt)}, ${b.status}`));
    const label = `${deadlineWords(b.kind)} (${b.status})`;
    const inside = x2 - x1 > label.length * 6.4 + 8;
    g.append(svg('text', { class: 'band-label', x: inside ? x1 + 6 : x2 + 6, y: y + 15 }, label));
    box.append(g);
  });
  box.append(svg('line', { class: 'onset', x1: x(onset), x2: x(onset), y1: 24, y2: height - 8 }));
  box.append(svg('text', { class: 'band-label', x: x(onset) + 4, y: height - 10 }, 'Onset (T0)'));
  events.sort((a, b) => a.t - b.t).forEach((e, i) => {
    const g = svg('g', { class: 'event-mark', 'data-type': e.type });
    const cy = eventsTop + 8;
    g.append(svg('circle', { class: 'event', cx: x(e.t), cy, r: 6 }));
    g.append(svg('title', {}, `${eventWords(e.type)} ${fmt(e.time)}`));
    g.append(svg('line', { x1: x(e.t), x2: x(e.t), y1: cy + 6, y2: cy + 18 + (i % 4) * 20, stroke: '#8994a0' }));
    g.append(svg('text', { class: 'event-label', x: x(e.t) + 3, y: cy + 30 + (i % 4) * 20 }, eventWords(e.type) + (e.agent ? ` (${e.agent})` : '')));
    box.append(g);
  });
  for (const p of pages) {
    const g = svg('g', { class: 'page-mark' });
    const px = x(p.t); const py = pagesTop + 8;
    g.append(svg('path', { class: 'page', d: `M${px - 6},${py + 6} L${px},${py - 6} L${px + 6},${py + 6} Z` }));
    g.append(svg('title', {}, `${p.text} at ${fmt(p.t)}`));
    box.append(g);
  }
  for (const a of acks) {
    const g = svg('g', { class: 'ack-mark' });
    g.append(svg('circle', { class: 'ack', cx: x(a.t), cy: pagesTop + 28, r: 6 }));
    g.append(svg('title', {}, `${a.text} at ${fmt(a.t)}`));
    box.append(g);
  }
  box.append(svg('line', { class: 'now', x1: x(current), x2: x(current), y1: 20, y2: height - 8 }));
  box.append(svg('text', { class: 'now-label', x: x(current) + 4, y: 36 }, 'now'));
  $('timeline-label').textContent = `Timeline from onset ${fmt(onset)} to now: ${bands.length} windows, ${events.length} events, ${pages.length} pages, ${acks.length} acknowledgements. The same facts are in the tables below.`;
}
function renderCase() {
  const { detail, audit } = state.caseData;
  $('case-title').textContent = `Case ${detail.caseId}`;
  const facts = [
    ['Patient', detail.patient], ['Status', detail.status], ['Stage', (detail.stage || '').replaceAll('-', ' ')],
    ['Protocol', `${detail.protocol} ${detail.protocolVersion}`], ['Onset (T0)', `${fmt(detail.onsetAt)} (${ago(detail.onsetAt)})`],
    ['Next deadline', detail.nextDeadline ? `${fmt(detail.nextDeadline)} (${until(detail.nextDeadline).text})` : 'none pending'],
  ];
  const missed = (detail.deadlines || []).filter((d) => d.status === 'missed');
  if (missed.length) {
    facts.push(['Missed', missed.map((d) => `${deadlineWords(d.kind)} (${until(d.dueAt).text})`).join('; ')]);
  }
  if (detail.closedAt) { facts.push(['Closed', `${fmt(detail.closedAt)}${detail.closureReason ? `: ${detail.closureReason}` : ''}`]); }
  $('case-summary').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  drawTimeline(detail, audit);
  $('deadlines').tBodies[0].replaceChildren(...(detail.deadlines || []).map((d) => el('tr', {},
    el('td', { text: deadlineWords(d.kind) }), el('td', { text: fmt(d.dueAt) }),
    el('td', { class: `status-${d.status}` }, d.status, d.status === 'pending' ? ` (${until(d.dueAt).text})` : ''))));
  const patients = new Map([[detail.caseId, detail.patient]]);
  const alerts = [...(detail.alerts || [])].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
  $('case-alerts').replaceChildren(...alerts.map((a) => alertItem(a, patients, { heading: 'h4', hidePatient: true })));
  $('case-alerts-empty').hidden = alerts.length > 0;
  $('case-events').tBodies[0].replaceChildren(...(detail.events || []).map((e) => el('tr', {},
    el('td', { text: fmt(e.time) }), el('td', { text: eventWords(e.type) + (e.afterClosure ? ' (after closure)' : '') + (e.enteredInError ? ' (entered in error)' : '') }),
    el('td', { text: [e.agent, e.outcome, e.reason, e.weightKg ? `${e.weightKg} kg` : null, e.heightCm ? `${e.heightCm} cm` : null, e.detail].filter(Boolean).join(', ') }),
    el('td', { text: e.source }))));
  $('audit').tBodies[0].replaceChildren(...audit.map((a) => el('tr', {},
    el('td', { text: fmt(a.at) }), el('td', { text: a.actor }), el('td', { text: a.kind.replaceAll('-', ' ') }), el('td', { text: localiseTimes(a.detail) }))));
}

// On a phone each table row stacks into a card; every cell carries its column's name for that.
function labelCells() {
  for (const table of document.querySelectorAll('table')) {
    const names = [...table.tHead.rows[0].cells].map((c) => c.textContent);
    for (const row of table.tBodies[0].rows) { [...row.cells].forEach((c, i) => c.setAttribute('data-label', names[i] || '')); }
  }
}

// ---- loading ------------------------------------------------------------------------------------------
function route() {
  const match = /^#case\/(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}
async function refresh() {
  if (!state.key) { $('error').textContent = 'Enter an API key with the read role and choose Connect.'; return; }
  const caseId = route();
  try {
    const [triggered, acknowledged, cases, held] = await Promise.all([
      api('/api/alerts?state=triggered'), api('/api/alerts?state=acknowledged'), api('/api/cases'), optional('/api/held')]);
    state.data = { triggered, acknowledged, cases, held: Array.isArray(held) ? held : null };
    if (caseId) {
      const [detail, audit] = await Promise.all([api(`/api/cases/${encodeURIComponent(caseId)}`), api(`/api/cases/${encodeURIComponent(caseId)}/audit`)]);
      state.caseData = { detail, audit };
    }
    $('error').textContent = '';
    show(caseId);
  } catch (e) {
    $('error').textContent = e.status === 401 ? 'The API key was refused.' : e.status === 403 ? 'This key may not read alerts (it needs the read role).' : `Could not load: ${e.message}`;
  }
}
// Re-rendering keeps what the reader opened and where the keyboard focus was.
function show(caseId) {
  const opened = new Set([...document.querySelectorAll('details[open][data-keep]')].map((d) => d.dataset.keep));
  const focused = document.activeElement && document.activeElement.closest('[data-keep]');
  const focusKey = focused && (focused.tagName === 'DETAILS' ? null : focused.dataset.keep);
  const summaryKey = document.activeElement && document.activeElement.tagName === 'SUMMARY' ? document.activeElement.parentElement.dataset.keep : null;
  render(caseId);
  for (const d of document.querySelectorAll('details[data-keep]')) { if (opened.has(d.dataset.keep)) { d.open = true; } }
  const scope = caseId ? $('case-view') : $('board');
  const find = (key) => [...scope.querySelectorAll('[data-keep]')].find((n) => n.dataset.keep === key);
  if (focusKey && find(focusKey)) { find(focusKey).focus(); }
  if (summaryKey && find(summaryKey)) { find(summaryKey).querySelector('summary').focus(); }
}
function render(caseId) {
  $('board').hidden = !!caseId;
  $('case-view').hidden = !caseId;
  if (state.data) { renderBoard(); }
  if (caseId && state.caseData) { renderCase(); }
  labelCells();
  document.title = caseId ? `Case ${caseId} · NorseAlerts on-call` : 'NorseAlerts on-call';
}
function refreshSoon() {
  if (state.pending) { return; }
  state.pending = setTimeout(() => { state.pending = null; refresh(); }, 50);
}

// ---- live updates: server-sent events over fetch, so the key travels in a header ------------------------
function setLive(on, text) {
  $('live').className = `live ${on ? 'on' : 'off'}`;
  $('live').textContent = text || (on ? 'Live' : 'Not connected');
}
function handleEvent(type, data) {
  let body = {};
  try { body = JSON.parse(data || '{}'); } catch { return; }
  if (body.now) { state.offset = Date.parse(body.now) - Date.now(); }
  if (type === 'hello' || (type === 'changed' && body.version !== state.version)) {
    state.version = body.version;
    refreshSoon();
  } else {
    tick();
  }
}
async function listen() {
  if (state.stream) { state.stream.abort(); }
  const controller = new AbortController();
  state.stream = controller;
  let wait = 1000;
  while (!controller.signal.aborted && state.key) {
    try {
      const response = await fetch('/api/updates', { headers: { 'X-Api-Key': state.key, Accept: 'text/event-stream' }, cache: 'no-store', signal: controller.signal });
      if (response.status === 401 || response.status === 403) { setLive(false, 'Key refused'); return; }
      if (!response.ok || !response.body) { throw new Error(String(response.status)); }
      setLive(true);
      wait = 1000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += value.replace(/\r\n?/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end); buffer = buffer.slice(end + 2);
          let type = 'message'; const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) { type = line.slice(6).trim(); } else if (line.startsWith('data:')) { data.push(line.slice(5).replace(/^ /, '')); }
          }
          handleEvent(type, data.join('\n'));
        }
      }
    } catch {
      if (controller.signal.aborted) { return; }
    }
    setLive(false, 'Reconnecting…');
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 15000);
  }
}
// Countdowns move between pushes; this redraws from the data already loaded, it does not ask the server.
function tick() { if (state.data) { show(route()); } }

// ---- acknowledging ------------------------------------------------------------------------------------
let acking = null;
function openAck(alert, patient) {
  acking = alert;
  $('ack-what').textContent = `${kindWords(alert.kind)}. Patient ${patient || 'unknown'}, case ${alert.caseId}, level ${alert.level} (${roleWords(alert.recipientRole)}), raised ${fmt(alert.raisedAt)}.`;
  $('ack-by').value = sessionStorage.getItem('norse-by') || '';
  $('ack-note').value = '';
  $('ack-error').textContent = '';
  $('ack-dialog').showModal();
  ($('ack-by').value ? $('ack-confirm') : $('ack-by')).focus();
}
async function confirmAck(event) {
  event.preventDefault();
  const by = $('ack-by').value.trim();
  if (!by) { $('ack-error').textContent = 'Type your name: the acknowledgement records who took the alert.'; $('ack-by').focus(); return; }
  const alert = acking;
  try {
    const note = $('ack-note').value.trim();
    await api(`/api/alerts/${encodeURIComponent(alert.alertId)}/ack`, { method: 'POST', body: JSON.stringify(note ? { by, note } : { by }) });
    sessionStorage.setItem('norse-by', by);
    $('ack-dialog').close();
    $('notice').textContent = `Acknowledged "${kindWords(alert.kind)}" for case ${alert.caseId} as ${by}.`;
    refresh();
  } catch (e) {
    $('ack-error').textContent = e.status === 403 ? 'This key may not acknowledge (it needs the ack role).' : `Not acknowledged: ${e.message}`;
  }
}

// ---- start ----------------------------------------------------------------------------------------------
function start() {
  $('zone').textContent = `${zoneName} (${fmt(Date.now()).split(' ').pop()})`;
  $('key').value = state.key;
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.key = $('key').value.trim();
    sessionStorage.setItem('norse-key', state.key);
    state.version = -1;
    listen();
  });
  $('ack-form').addEventListener('submit', confirmAck);
  $('ack-cancel').addEventListener('click', () => $('ack-dialog').close());
  window.addEventListener('hashchange', () => { state.caseData = null; show(route()); refresh(); $('main').focus(); });
  setInterval(tick, 30000);
  if (state.key) { listen(); } else { $('error').textContent = 'Enter an API key with the read role and choose Connect.'; show(route()); }
}
start();
