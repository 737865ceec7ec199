// Small DOM helpers: every datum goes in as text, never as HTML.

/** An element: h('a', {href: '#/'}, 'text', child, …). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** A table from column definitions [{title, value: row => text|Node, num}] and rows; an empty note when none. */
export function table(columns, rows, empty = 'None.', attrs = {}) {
  if (!rows || rows.length === 0) return h('p', { class: 'muted' }, empty);
  return h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: c.num ? 'num' : null }, c.title)))),
    h('tbody', {}, rows.map(r => h('tr', {}, columns.map(c => h('td', { class: c.num ? 'num' : null }, c.value(r)))))));
}

/** UTC "2026-11-26 12:00:03Z" from an RFC 3339 string or Date; "—" for none. */
export function utc(at) {
  if (!at) return '—';
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** A number with up to <digits> decimals; "—" for null. */
export function num(value, digits = 1) {
  return value === null || value === undefined ? '—' : Number(value).toLocaleString('en', { maximumFractionDigits: digits });
}

export function pill(text, kind = '') {
  return h('span', { class: `pill ${kind}` }, text);
}

/** The state of a site as a coloured pill. */
export function statePill(state) {
  const kind = { forecast: 'ok', base_doe: '', fallback: 'warn', operator: 'warn', emergency_stop: 'bad', disabled: '' }[state] ?? '';
  return pill(state, kind);
}

export function connectionPill(state) {
  return pill(state, state === 'Online' ? 'ok' : state === 'Handshaking' ? 'warn' : 'bad');
}

export function siteLink(groupId) {
  return h('a', { href: `#/sites/${encodeURIComponent(groupId)}` }, groupId);
}

export function peerLink(peerId) {
  return h('a', { href: `#/peers/${encodeURIComponent(peerId)}` }, peerId);
}

/** JSON pretty-printed, or the text as it is when it is not JSON. */
export function pretty(text) {
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

/** The journal entries as a table with each body behind a disclosure. */
export function journalTable(entries, { withGroup = true, withPeer = true } = {}) {
  return table([
    { title: 'At (UTC)', value: e => utc(e.at) },
    { title: 'Dir', value: e => pill(e.direction === 'in' ? 'in ← CP' : 'out → CP', e.direction === 'in' ? '' : 'ok') },
    ...(withPeer ? [{ title: 'Peer', value: e => e.peerId ? peerLink(e.peerId) : '—' }] : []),
    ...(withGroup ? [{ title: 'Site', value: e => e.groupId ? siteLink(e.groupId) : '—' }] : []),
    { title: 'Message', value: e => e.message },
    { title: 'Status', value: e => e.status ?? 'no answer', num: true },
    { title: 'ms', value: e => num(e.latencyMs, 0), num: true },
    { title: 'Request id', value: e => h('code', {}, e.requestId ?? '—') },
    { title: 'Body', value: e => e.body ? h('details', {}, h('summary', {}, `${e.body.length} chars`), h('pre', {}, pretty(e.body))) : '—' },
  ], entries, 'No messages in this range.', { class: 'journal' });
}

/** RFC 3339 UTC without milliseconds. */
export function iso(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "2026-11-26T12:00" for a datetime-local input showing UTC. */
export function inputValue(date) {
  return date.toISOString().slice(0, 16);
}

/** A Date from a datetime-local input read as UTC; null when empty or invalid. */
export function fromInput(value) {
  if (!value) return null;
  const d = new Date(value + (value.length === 16 ? ':00Z' : 'Z'));
  return Number.isNaN(d.getTime()) ? null : d;
}
