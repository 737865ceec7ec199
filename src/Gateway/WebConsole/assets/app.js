// The console's router: hash routes (#/, #/sites/<id>, #/peers/<id>, #/signin) so the gateway serves one page and
// every view is a link that survives a reload.
import { ApiError, SignInRequired, get, query, session, signIn, signOut } from './api.js';
import { connectionPill, h, iso, journalTable, num, peerLink, pill, siteLink, statePill, table, utc } from './dom.js';
import { renderSite } from './site.js';

const app = document.getElementById('app');

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs ?? '') };
}

export function navigate(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function toSignIn(reason) {
  const here = location.hash && !location.hash.startsWith('#/signin') ? location.hash : '#/';
  navigate(`#/signin${query({ next: here, reason })}`);
}

function header() {
  const s = session();
  document.getElementById('who').textContent = s ? `signed in as ${s.clientId}` : '';
  document.getElementById('signout').hidden = !s;
}

document.getElementById('signout').addEventListener('click', () => {
  signOut();
  toSignIn(null);
});

let generation = 0;

async function route() {
  const mine = ++generation;
  const { parts, params } = parseHash();
  header();
  if (parts[0] === 'signin') { renderSignIn(params); return; }
  if (!session()) { toSignIn(null); return; }
  const view = h('div', { id: 'view', 'data-page': parts[0] ?? 'overview', 'data-state': 'loading', 'data-route': location.hash || '#/' }, h('p', { class: 'muted' }, 'Loading…'));
  app.replaceChildren(view);
  try {
    let content;
    if (parts.length === 0) content = await renderOverview();
    else if (parts[0] === 'sites' && parts[1]) content = await renderSite(parts[1], params, navigate);
    else if (parts[0] === 'sites') content = await renderSites(params);
    else if (parts[0] === 'peers' && parts[1]) content = await renderPeer(parts[1], params);
    else content = [h('h1', {}, 'Not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/' }, 'Back to the fleet'))];
    if (mine !== generation) return;
    view.replaceChildren(...[content].flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
    view.dataset.state = 'ready';
  } catch (e) {
    if (mine !== generation) return;
    if (e instanceof SignInRequired) { toSignIn(e.message); return; }
    view.replaceChildren(h('h1', {}, 'Something went wrong'), h('p', { class: 'error', role: 'alert' }, e instanceof ApiError ? e.message : String(e)));
    view.dataset.state = 'error';
  }
}

function renderSignIn(params) {
  const reason = params.get('reason');
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const clientId = h('input', { name: 'client_id', id: 'client_id', autocomplete: 'username', required: true });
  const secret = h('input', { name: 'client_secret', id: 'client_secret', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'signin', id: 'signin', 'data-page': 'signin' },
    h('h1', {}, 'Sign in'),
    reason ? h('p', { class: 'notice' }, `Please sign in again: ${reason}.`) : null,
    h('p', { class: 'muted' }, 'An operator client of the gateway (Oscp:Clients, scope operator).'),
    h('label', {}, 'Client id', clientId),
    h('label', {}, 'Client secret', secret),
    h('button', { type: 'submit' }, 'Sign in'),
    error);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    error.textContent = '';
    try {
      await signIn(clientId.value.trim(), secret.value);
      secret.value = '';
      const next = params.get('next');
      navigate(next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/');
    } catch (e) {
      secret.value = '';
      error.textContent = e.message;
    }
  });
  app.replaceChildren(form);
  clientId.focus();
}

const StateOrder = ['forecast', 'fallback', 'base_doe', 'emergency_stop', 'operator', 'disabled'];
const RiskText = {
  undelivered: 'limit version undelivered',
  applied_late: 'applied late',
  outbox_stuck: 'outbox stuck',
  meter_stale: 'meter feed stale',
  compliance_error: 'compliance error in the last 24 h',
};

async function renderOverview() {
  const summary = await get('/api/v1/fleet/summary');
  const byState = summary.sites.byState;
  const site = h('input', { id: 'open-site', name: 'groupId', placeholder: 'group id, e.g. BUS_AUK_1', required: true, pattern: '[A-Za-z0-9_\\-]{1,64}' });
  const open = h('form', { class: 'inline', id: 'open-site-form' }, h('label', {}, 'Open a site', site), h('button', { type: 'submit' }, 'Open'));
  open.addEventListener('submit', ev => { ev.preventDefault(); navigate(`#/sites/${encodeURIComponent(site.value.trim())}`); });
  return [
    h('h1', {}, 'Fleet'),
    open,
    h('h2', {}, 'Peers'),
    table([
      { title: 'Peer', value: p => peerLink(p.peerId) },
      { title: 'Profile', value: p => p.profile },
      { title: 'Connection', value: p => [connectionPill(p.state), p.limitsLost ? pill('limits at fallback', 'warn') : null] },
      { title: 'Since', value: p => utc(p.stateSince) },
      { title: 'Last heartbeat from CP', value: p => utc(p.lastHeartbeatReceivedAt) },
      { title: 'Last heartbeat to CP', value: p => utc(p.lastHeartbeatSentAt) },
      { title: 'Sites', value: p => p.sites, num: true },
      { title: 'Last error', value: p => p.lastError ?? '—' },
    ], summary.peers, 'No peers are configured.', { id: 'peers' }),
    h('h2', {}, `Sites (${summary.sites.total})`),
    h('div', { class: 'cards', id: 'site-states' },
      StateOrder.map(state => h('a', { class: 'card', 'data-state': state, href: `#/sites${query({ state })}` },
        h('div', { class: 'n' }, byState[state] ?? 0), h('div', { class: 'k' }, state.replace('_', ' '))))),
    h('h2', {}, `Sites at risk (${summary.atRiskTotal})`),
    table([
      { title: 'Site', value: s => siteLink(s.groupId) },
      { title: 'Peer', value: s => peerLink(s.peerId) },
      { title: 'State', value: s => statePill(s.state) },
      { title: 'Risks', value: s => s.risks.map(r => pill(RiskText[r] ?? r, r === 'meter_stale' ? 'warn' : 'bad')) },
    ], summary.atRisk, 'No site is at risk.', { id: 'at-risk' }),
    summary.atRiskTotal > summary.atRisk.length ? h('p', { class: 'muted' }, `The first ${summary.atRisk.length} of ${summary.atRiskTotal} by group id.`) : null,
  ];
}

// The registry's listing, one page at a time (GET /api/v1/sites?state=&peerId=&cursor=).
async function renderSites(params) {
  const state = params.get('state'), peerId = params.get('peerId'), cursor = params.get('cursor');
  const page = await get(`/api/v1/sites${query({ state, peerId, cursor, limit: 100 })}`);
  const title = [state ? `in state ${state}` : null, peerId ? `of ${peerId}` : null].filter(Boolean).join(' ');
  return [
    h('h1', {}, `Sites ${title}`.trim()),
    table([
      { title: 'Site', value: s => siteLink(s.groupId) },
      { title: 'Peer', value: s => peerLink(s.peerId) },
      { title: 'State', value: s => statePill(s.state) },
    ], page.sites, 'No site.', { id: 'sites' }),
    page.nextCursor ? h('p', {}, h('a', { id: 'next-page', href: `#/sites${query({ state, peerId, cursor: page.nextCursor })}` }, 'Next 100')) : null,
  ];
}

async function renderPeer(peerId, params) {
  const now = new Date();
  const from = new Date(now.getTime() - 24 * 3600e3);
  const range = { peerId, from: iso(from), to: iso(new Date(now.getTime() + 60e3)), limit: 1000 };
  const [peer, handshakes, journal] = await Promise.all([
    get(`/api/v1/peers/${encodeURIComponent(peerId)}`),
    Promise.all(['handshake', 'handshake_acknowledge'].map(message => get(`/api/v1/journal${query({ ...range, message })}`))),
    get(`/api/v1/journal${query({ ...range, from: iso(new Date(now.getTime() - 3600e3)), limit: 200 })}`),
  ]);
  const timeline = handshakes.flatMap(p => p.entries).sort((a, b) => a.at.localeCompare(b.at));
  const c = peer.counters ?? {};
  return [
    h('h1', {}, 'Peer ', peerId, ' ', connectionPill(peer.state)),
    h('div', { class: 'grid2' },
      h('dl', { class: 'facts', id: 'peer-facts' },
        h('dt', {}, 'Profile'), h('dd', {}, peer.profile),
        h('dt', {}, 'Sites'), h('dd', {}, h('a', { id: 'peer-sites', href: `#/sites${query({ peerId })}` }, 'list')),
        h('dt', {}, 'Connection'), h('dd', {}, peer.state, ' since ', utc(peer.stateSince)),
        h('dt', {}, 'Last offline reason'), h('dd', {}, peer.offlineReason ?? '—'),
        h('dt', {}, 'Limits'), h('dd', {}, peer.limitsLost ? 'held at or below the fallback (connection lost)' : 'as forecast'),
        h('dt', {}, 'Heartbeat from CP'), h('dd', {}, utc(peer.lastHeartbeatReceivedAt), ` (we ask every ${peer.weAskedHeartbeatSeconds} s)`),
        h('dt', {}, 'Heartbeat to CP'), h('dd', {}, utc(peer.lastHeartbeatSentAt), peer.ourHeartbeatSeconds ? ` (every ${peer.ourHeartbeatSeconds} s)` : ' (none sent)'),
        h('dt', {}, 'CP offline mode at'), h('dd', {}, utc(peer.theirOfflineModeAt)),
        h('dt', {}, 'Next handshake'), h('dd', {}, utc(peer.nextHandshakeAt)),
        h('dt', {}, 'Last error'), h('dd', {}, peer.lastError ?? '—'),
        h('dt', {}, 'Credentials'), h('dd', {}, peer.credentialsRejected ? pill('rejected by the CP', 'bad') : 'accepted'),
        peer.registration ? [h('dt', {}, 'Registration'), h('dd', {}, `${peer.registration.state} since ${utc(peer.registration.since)}`)] : null),
      h('div', {},
        h('h2', {}, 'Counters'),
        h('pre', { id: 'peer-counters' }, JSON.stringify(c, null, 2)))),
    h('h2', {}, 'Connection timeline (handshakes, last 24 h)'),
    timeline.length === 0
      ? h('p', { class: 'muted' }, 'No handshake in the last 24 hours.')
      : h('ul', { class: 'timeline', id: 'timeline' }, timeline.map(e =>
        h('li', {}, h('code', {}, utc(e.at)), ' ', e.direction === 'in' ? 'CP → us ' : 'us → CP ', h('strong', {}, e.message), ' ', pill(String(e.status ?? 'no answer'), e.status >= 200 && e.status < 300 ? 'ok' : 'bad')))),
    h('h2', {}, 'Journal (last hour)'),
    h('div', { id: 'peer-journal' }, journalTable(journal.entries, { withPeer: false })),
  ];
}

window.addEventListener('hashchange', route);
route();
