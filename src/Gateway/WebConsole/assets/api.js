// The operator API, called with the bearer token from the sign-in page. The token lives in this tab's sessionStorage
// (gone when the tab closes) and in memory; the client secret is never stored anywhere.
const TokenKey = 'oscpfleet.console.token';

/** Thrown for a 401: the caller is sent to sign in. */
export class SignInRequired extends Error {
  constructor(reason) { super(reason); this.name = 'SignInRequired'; }
}

/** Thrown for any other answer that is not 2xx, with the problem's title and detail. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(`${status} ${problem?.title ?? ''}${problem?.detail ? ': ' + problem.detail : ''}`.trim());
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

let current = null;

/** The signed-in session ({token, clientId, expiresAt}) or null. */
export function session() {
  if (!current) {
    const stored = sessionStorage.getItem(TokenKey);
    if (stored) {
      try { current = JSON.parse(stored); } catch { sessionStorage.removeItem(TokenKey); }
    }
  }
  if (current && Date.parse(current.expiresAt) <= Date.now()) signOut();
  return current;
}

export function signOut() {
  current = null;
  sessionStorage.removeItem(TokenKey);
}

/** Client credentials at /oauth/token; keeps the access token, never the secret. */
export async function signIn(clientId, clientSecret) {
  const response = await fetch('/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    credentials: 'omit',
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error_description || body.error || `the token endpoint answered ${response.status}`);
  const expiresAt = new Date(Date.now() + (Number(body.expires_in) || 300) * 1000).toISOString();
  current = { token: body.access_token, clientId, expiresAt };
  sessionStorage.setItem(TokenKey, JSON.stringify(current));
  return current;
}

/** GET an operator API path; JSON back. 401 → SignInRequired; anything else not 2xx → ApiError. */
export async function get(path) {
  const s = session();
  if (!s) throw new SignInRequired('not signed in');
  const response = await fetch(path, { headers: { 'Authorization': `Bearer ${s.token}`, 'Accept': 'application/json' }, credentials: 'omit' });
  if (response.status === 401) {
    signOut();
    throw new SignInRequired('your session has expired or was revoked');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** A query string from an object, leaving out null and empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
