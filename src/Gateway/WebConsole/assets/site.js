// The site page: the limit in force against the measured load per report period, with limit versions, emergency stops
// and fallbacks; the limit document (now or at a chosen instant), the outbox, compliance errors and the site's journal.
import { get, query } from './api.js';
import { fromInput, h, inputValue, iso, journalTable, num, peerLink, pill, pretty, statePill, table, utc } from './dom.js';

const Hour = 3600e3;
const MaxRangeDays = 31;

export async function renderSite(groupId, params, navigate) {
  const now = new Date();
  const from = fromInput(params.get('from')) ?? new Date(now.getTime() - 24 * Hour);
  const to = fromInput(params.get('to')) ?? new Date(now.getTime() + 24 * Hour);
  const at = fromInput(params.get('at'));
  const id = encodeURIComponent(groupId);
  const range = { from: iso(from), to: iso(to) };
  const journalRange = { groupId, from: iso(from), to: iso(new Date(Math.min(to.getTime(), now.getTime() + 60e3))) };
  const [site, history, limits, limitsAt, outbox, journal, compliance] = await Promise.all([
    get(`/api/v1/sites/${id}`),
    get(`/api/v1/sites/${id}/history${query(range)}`),
    get(`/api/v1/sites/${id}/limits`),
    at ? get(`/api/v1/sites/${id}/limits${query({ at: iso(at) })}`) : null,
    get(`/api/v1/sites/${id}/outbox`),
    get(`/api/v1/journal${query({ ...journalRange, limit: 200 })}`),
    get(`/api/v1/journal${query({ ...journalRange, message: 'group_capacity_compliance_error', limit: 200 })}`),
  ]);

  const picker = rangePicker(groupId, from, to, at, navigate);
  const chart = h('div', { id: 'chart', role: 'img', 'aria-label': `Limit in force and measured load of ${groupId}` });
  const plotted = plotData(history, limits, from, to);
  chart.dataset.plotted = JSON.stringify(plotted);
  // Drawn once the element is in the page (uPlot measures it).
  queueMicrotask(() => requestAnimationFrame(() => drawChart(chart, plotted, from, to)));

  return [
    h('h1', {}, 'Site ', groupId, ' ', statePill(site.state)),
    h('div', { class: 'grid2' },
      h('dl', { class: 'facts', id: 'site-facts' },
        h('dt', {}, 'Peer'), h('dd', {}, peerLink(site.definition?.peerId ?? limits.peerId ?? ''), ' ', site.peerOnline ? pill('online', 'ok') : pill('offline', 'bad')),
        h('dt', {}, 'Limit in force'), h('dd', {}, site.limitKw === null ? '—' : `${num(site.limitKw)} kW`),
        h('dt', {}, 'Version'), h('dd', {}, `${site.version} issued ${utc(site.issuedAt)}`),
        h('dt', {}, 'Delivered / applied'), h('dd', {}, `${site.deliveredVersion} / ${site.appliedVersion}`, site.appliedAt ? ` (applied ${utc(site.appliedAt)})` : ''),
        h('dt', {}, 'Risks'), h('dd', {},
          site.complianceRisk ? pill('applied late', 'bad') : null,
          site.deliveryError ? pill(`delivery: ${site.deliveryError}`, 'bad') : null,
          site.meterFeedStale ? pill('meter feed stale', 'warn') : null,
          site.connectionLost ? pill('connection lost: at most the fallback', 'warn') : null,
          !site.complianceRisk && !site.deliveryError && !site.meterFeedStale && !site.connectionLost ? 'none' : null),
        h('dt', {}, 'Last meter reading'), h('dd', {}, utc(site.lastSampleAt)),
        h('dt', {}, 'Latest forecast'), h('dd', {}, utc(site.latestForecastAt), site.latestForecastRequestId ? [' ', h('code', {}, site.latestForecastRequestId)] : null),
        h('dt', {}, 'Outbox'), h('dd', {}, `${site.outboxDepth} waiting; last period closed ${utc(site.lastPeriodEnd)}`)),
      h('div', {}, picker)),
    h('h2', {}, 'Limit in force and measured load'),
    chart,
    h('p', { class: 'legend-note' },
      h('span', { class: 'swatch stop' }), 'emergency stop', h('span', { class: 'swatch fallback' }), 'fallback',
      h('span', { class: 'swatch version' }), 'limit version issued'),
    h('h2', {}, 'Report periods'),
    table([
      { title: 'Period (UTC)', value: p => `${utc(p.periodStart)} – ${utc(p.periodEnd).slice(11)}` },
      { title: 'Limit min kW', value: p => num(p.limitKwMin, 3), num: true },
      { title: 'Limit max kW', value: p => num(p.limitKwMax, 3), num: true },
      { title: 'Energy kWh', value: p => num(p.energyKwh, 3), num: true },
      { title: 'Max load kW', value: p => num(p.maxKw, 3), num: true },
      { title: 'Accepted by the CP', value: p => utc(p.reported) },
      { title: 'Complete', value: p => p.complete ? 'yes' : pill('data missing', 'warn') },
    ], history.periods, 'No report period in this range yet.', { id: 'periods' }),
    h('h2', {}, 'Limit versions'),
    table([
      { title: 'Version', value: v => v.version, num: true },
      { title: 'Issued (UTC)', value: v => utc(v.issuedAt) },
      { title: 'Reason', value: v => statePill(v.reason) },
      { title: 'Applied (UTC)', value: v => v.appliedAt ? utc(v.appliedAt) : pill('not confirmed', 'warn') },
    ], history.versions, 'No limit version issued in this range.', { id: 'versions' }),
    h('h2', {}, limitsAt ? `Limit document in force at ${utc(at)}` : 'Limit document in force now'),
    h('pre', { id: 'limit-document' }, pretty(limitsAt ?? limits)),
    h('h2', {}, 'Outbox'),
    h('p', { class: 'muted' }, `${outbox.sent} sent, ${outbox.dropped} dropped; collecting the period from ${utc(outbox.openPeriodStart)}.`),
    table(outboxColumns, outbox.queued, 'Nothing waits for the CP.', { id: 'outbox' }),
    outbox.rejected.length ? [h('h2', {}, 'Refused by the CP'), table(outboxColumns, outbox.rejected, '', { id: 'rejected' })] : null,
    h('h2', {}, 'Compliance errors sent'),
    h('div', { id: 'compliance' }, journalTable(compliance.entries, { withGroup: false })),
    h('h2', {}, 'Journal'),
    h('div', { id: 'site-journal' }, journalTable(journal.entries, { withGroup: false })),
    journal.nextCursor ? h('p', { class: 'muted' }, `The first ${journal.entries.length} messages of the range; narrow it or use GET /api/v1/journal/export.`) : null,
  ];
}

const outboxColumns = [
  { title: 'Id', value: m => m.id, num: true },
  { title: 'Message', value: m => m.message },
  { title: 'Queued (UTC)', value: m => utc(m.createdAt) },
  { title: 'Period', value: m => utc(m.periodStart) },
  { title: 'Attempts', value: m => m.attempts, num: true },
  { title: 'Next attempt', value: m => utc(m.nextAttemptAt) },
  { title: 'Last error', value: m => m.lastError ?? '—' },
];

function rangePicker(groupId, from, to, at, navigate) {
  const fromInputEl = h('input', { type: 'datetime-local', name: 'from', id: 'range-from', value: inputValue(from) });
  const toInputEl = h('input', { type: 'datetime-local', name: 'to', id: 'range-to', value: inputValue(to) });
  const atInputEl = h('input', { type: 'datetime-local', name: 'at', id: 'limit-at', value: at ? inputValue(at) : '' });
  const error = h('p', { class: 'error', role: 'alert' });
  const go = (f, t, a) => {
    if (t <= f) { error.textContent = 'The end must be after the start.'; return; }
    if (t - f > MaxRangeDays * 24 * Hour) { error.textContent = `At most ${MaxRangeDays} days.`; return; }
    navigate(`#/sites/${encodeURIComponent(groupId)}${query({ from: inputValue(f), to: inputValue(t), at: a ? inputValue(a) : null })}`);
  };
  const form = h('form', { class: 'inline', id: 'range' },
    h('label', {}, 'From (UTC)', fromInputEl),
    h('label', {}, 'To (UTC)', toInputEl),
    h('label', {}, 'Limit document at (UTC)', atInputEl),
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    error.textContent = '';
    const f = fromInput(fromInputEl.value), t = fromInput(toInputEl.value);
    if (!f || !t) { error.textContent = 'Enter both ends of the range.'; return; }
    go(f, t, fromInput(atInputEl.value));
  });
  const preset = (label, back, ahead) => h('button', {
    type: 'button', class: 'secondary', onclick: () => { const n = Date.now(); go(new Date(n - back * Hour), new Date(n + ahead * Hour), null); },
  }, label);
  return h('div', {}, h('h2', {}, 'Range'), form,
    h('div', { class: 'inline' }, preset('±24 h', 24, 24), ' ', preset('Last 7 days', 7 * 24, 0), ' ', preset('Last 31 days', 31 * 24, 0)), error);
}

/**
 * What the chart plots, kept on the chart element as data-plotted: the history's periods (limit max in force and the
 * maximum load reported), the current version's schedule inside the range, the versions, and the shaded spans.
 */
function plotData(history, limits, from, to) {
  const periods = history.periods.map(p => ({ start: p.periodStart, limitKwMax: p.limitKwMax, maxKw: p.maxKw }));
  const schedule = (limits.schedule ?? [])
    .filter(e => Date.parse(e.to) > from.getTime() && Date.parse(e.from) < to.getTime())
    .map(e => ({ from: e.from, to: e.to, kw: e.kw, source: e.source }));
  const versions = [...history.versions].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt))
    .map(v => ({ version: v.version, issuedAt: v.issuedAt, reason: v.reason }));
  const shaded = [];
  versions.forEach((v, i) => {
    if (v.reason !== 'emergency_stop' && v.reason !== 'fallback') return;
    shaded.push({ reason: v.reason, from: v.issuedAt, to: versions[i + 1]?.issuedAt ?? iso(to) });
  });
  return { from: iso(from), to: iso(to), periods, schedule, versions, shaded };
}

const seconds = at => Date.parse(at) / 1000;

function drawChart(el, plotted, from, to) {
  if (!el.isConnected || typeof uPlotLib() !== 'function') return;
  const xs = new Set();
  plotted.periods.forEach(p => xs.add(seconds(p.start)));
  plotted.schedule.forEach(e => { xs.add(Math.max(seconds(e.from), from.getTime() / 1000)); xs.add(Math.min(seconds(e.to), to.getTime() / 1000)); });
  const x = [...xs].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  const limit = x.map(() => null), measured = x.map(() => null), scheduled = x.map(() => null);
  plotted.periods.forEach(p => { const i = index.get(seconds(p.start)); limit[i] = p.limitKwMax; measured[i] = p.maxKw; });
  plotted.schedule.forEach(e => {
    const a = Math.max(seconds(e.from), from.getTime() / 1000), b = Math.min(seconds(e.to), to.getTime() / 1000);
    scheduled[index.get(a)] = e.kw;
    if (scheduled[index.get(b)] === null) scheduled[index.get(b)] = e.kw;
  });
  const uPlot = uPlotLib();
  const stepped = uPlot.paths.stepped({ align: 1 });
  const opts = {
    width: Math.max(320, el.clientWidth - 10),
    height: 320,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: { x: { time: true, min: from.getTime() / 1000, max: to.getTime() / 1000 }, y: { range: (u, min, max) => [0, Math.max(10, (max ?? 0) * 1.1)] } },
    series: [
      { label: 'UTC' },
      { label: 'Limit in force, kW (max per period)', stroke: '#0b6bcb', width: 2, paths: stepped, spanGaps: true },
      { label: 'Scheduled limit, kW (current version)', stroke: '#6e9fd8', dash: [6, 4], width: 1.5, paths: stepped, spanGaps: true },
      { label: 'Measured max load, kW', stroke: '#1a7f37', width: 2, points: { show: true, size: 5 }, spanGaps: false },
    ],
    axes: [{}, { label: 'kW' }],
    hooks: { drawClear: [u => shade(u, plotted)], draw: [u => markers(u, plotted)] },
  };
  el.replaceChildren();
  new uPlot(opts, [x, limit, scheduled, measured], el);
  el.dataset.drawn = 'true';
}

function uPlotLib() {
  return globalThis.uPlot;
}

function shade(u, plotted) {
  const ctx = u.ctx;
  ctx.save();
  for (const s of plotted.shaded) {
    const a = u.valToPos(seconds(s.from), 'x', true), b = u.valToPos(seconds(s.to), 'x', true);
    const left = Math.max(u.bbox.left, Math.min(a, b)), right = Math.min(u.bbox.left + u.bbox.width, Math.max(a, b));
    if (right <= left) continue;
    ctx.fillStyle = s.reason === 'emergency_stop' ? 'rgba(207, 34, 46, .18)' : 'rgba(154, 103, 0, .18)';
    ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
  }
  ctx.restore();
}

function markers(u, plotted) {
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = '#6e40c9';
  ctx.fillStyle = '#6e40c9';
  ctx.setLineDash([4, 3]);
  ctx.font = `${Math.round(10 * devicePixelRatio)}px system-ui, sans-serif`;
  for (const v of plotted.versions) {
    const xPos = u.valToPos(seconds(v.issuedAt), 'x', true);
    if (xPos < u.bbox.left || xPos > u.bbox.left + u.bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(xPos, u.bbox.top);
    ctx.lineTo(xPos, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillText(`v${v.version}`, xPos + 3, u.bbox.top + 12 * devicePixelRatio);
  }
  ctx.restore();
}
