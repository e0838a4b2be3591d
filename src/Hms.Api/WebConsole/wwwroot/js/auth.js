// The console signs in with the API's own bearer tokens: a development token (local runs), a pasted
// token, or an OIDC authorization-code redirect with PKCE when the API names an authority.
import { h, replace } from './dom.js';

const KEY = 'hms.console.token';
const ROLES = ['HOSPITAL_ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'SUPERVISOR', 'MANAGER', 'HOTEL_ADMIN', 'FRONT_DESK', 'HOUSEKEEPER'];

export function token() { return sessionStorage.getItem(KEY); }

/** The signed-in user's claims: sub, tenant_id and roles; null when signed out or expired. */
export function user() {
  const value = token();
  if (!value) return null;
  try {
    const part = value.split('.')[1].replaceAll('-', '+').replaceAll('_', '/');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), c => c.charCodeAt(0))));
    if (claims.exp && claims.exp * 1000 < Date.now()) return null;
    const roles = [claims.role ?? claims.roles ?? []].flat();
    return { sub: claims.sub, tenant: claims.tenant_id, roles };
  } catch {
    return null;
  }
}

export function hasRole(...roles) {
  const me = user();
  return !!me && roles.some(r => me.roles.includes(r));
}

let onSignedOut = () => {};
export function whenSignedOut(callback) { onSignedOut = callback; }

export function signOut(message) {
  sessionStorage.removeItem(KEY);
  onSignedOut(message);
}

function accept(value) {
  sessionStorage.setItem(KEY, value.trim());
  if (!user()) {
    sessionStorage.removeItem(KEY);
    throw new Error('That is not a valid, unexpired token with a tenant.');
  }
}

/** The sign-in page; calls done() once a token is kept. */
export function signInPage(main, config, done, message) {
  const error = h('p', { class: 'error', role: 'alert' }, message ?? '');
  const forms = [];
  if (config.authority) {
    forms.push(h('section', { class: 'card' }, h('h2', {}, 'Sign in with your organization'),
      h('button', { type: 'button', id: 'oidc', onclick: () => redirect(config).catch(e => { error.textContent = e.message; }) },
        'Continue to sign-in')));
  }
  if (config.devTokens) {
    const tenant = h('input', { id: 'dev-tenant', name: 'tenant', required: true, autocomplete: 'off', value: 'h-demo' });
    const sub = h('input', { id: 'dev-sub', name: 'sub', autocomplete: 'off', value: 'console-user' });
    const roles = h('fieldset', {}, h('legend', {}, 'Roles'),
      ROLES.map(r => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'role', value: r }), ' ', r)));
    forms.push(h('form', { class: 'card', id: 'dev-sign-in', onsubmit: async e => {
      e.preventDefault();
      const chosen = [...roles.querySelectorAll('input:checked')].map(i => i.value);
      const response = await fetch('/api/dev/token', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenantId: tenant.value.trim(), roles: chosen, sub: sub.value.trim() || undefined }) });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) { error.textContent = body.detail || 'The development token was refused.'; return; }
      accept(body.accessToken);
      done();
    } },
    h('h2', {}, 'Development token'),
    h('p', { class: 'muted' }, 'Local runs only (Auth__DevTokens=true).'),
    h('label', { for: 'dev-tenant' }, 'Tenant (hospital or hotel id)'), tenant,
    h('label', { for: 'dev-sub' }, 'User id'), sub, roles,
    h('button', { type: 'submit' }, 'Sign in')));
  }
  const pasted = h('textarea', { id: 'token', rows: 4, required: true, spellcheck: 'false' });
  forms.push(h('form', { class: 'card', id: 'paste-sign-in', onsubmit: e => {
    e.preventDefault();
    try { accept(pasted.value); done(); } catch (x) { error.textContent = x.message; }
  } },
  h('h2', {}, 'Paste a token'),
  h('label', { for: 'token' }, 'Bearer token (JWT)'), pasted,
  h('button', { type: 'submit' }, 'Sign in')));
  replace(main, h('h1', {}, 'Sign in'), error, h('div', { class: 'grid' }, forms));
  main.querySelector('input, textarea, button')?.focus();
}

const b64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

async function discovery(config) {
  const response = await fetch(`${config.authority.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error('The identity provider did not answer.');
  return response.json();
}

function redirectUri() { return `${location.origin}/console/`; }

async function redirect(config) {
  const meta = await discovery(config);
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem('hms.console.pkce', JSON.stringify({ verifier, state }));
  const url = new URL(meta.authorization_endpoint);
  Object.entries({ response_type: 'code', client_id: config.clientId, redirect_uri: redirectUri(), scope: config.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256' }).forEach(([k, v]) => url.searchParams.set(k, v));
  location.assign(url);
}

/** Finishes an OIDC redirect (?code=…&state=…): exchanges the code for a token. True when it did. */
export async function finishRedirect(config) {
  const query = new URLSearchParams(location.search);
  if (!config.authority || !query.has('code')) return false;
  const saved = JSON.parse(sessionStorage.getItem('hms.console.pkce') ?? '{}');
  sessionStorage.removeItem('hms.console.pkce');
  history.replaceState(null, '', '/console/' + location.hash);
  if (!saved.state || saved.state !== query.get('state')) throw new Error('The sign-in answer did not match this browser’s request.');
  const meta = await discovery(config);
  const response = await fetch(meta.token_endpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(),
      client_id: config.clientId, code_verifier: saved.verifier }) });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) throw new Error(body.error_description || 'The identity provider refused the sign-in.');
  accept(body.access_token);
  return true;
}
