// The console's shell: sign-in, the pages the caller's roles allow, and the tenant's time zone.
import { h, replace } from './dom.js';
import { user, hasRole, signInPage, signOut, whenSignedOut, finishRedirect } from './auth.js';
import { api } from './api.js';
import { useZone } from './time.js';

const STAFF = ['HOSPITAL_ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST', 'SUPERVISOR'];
const OPERATORS = ['HOSPITAL_ADMIN', 'HOTEL_ADMIN', 'MANAGER'];

const pages = [
  { path: 'board', title: 'Alert board', roles: STAFF, module: './board.js' },
  { path: 'operations', title: 'Operations', roles: OPERATORS, module: './operations.js' },
  { path: 'slots', title: 'Slot grid', roles: ['HOSPITAL_ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST'], module: './slots.js' },
];

const main = document.getElementById('main');
let config = {};
let leave = () => {};

/** The tenant's zone: a hospital's, else a hotel's, else UTC. */
async function loadZone() {
  for (const path of ['/api/v1/hospitals/current', '/api/v1/hotels/current']) {
    try {
      const tenant = await api(path);
      useZone(tenant.timeZone);
      return tenant;
    } catch { /* not this kind of tenant, or not allowed */ }
  }
  useZone('UTC');
  return null;
}

function allowed() { return pages.filter(p => hasRole(...p.roles)); }

function renderNav(current) {
  const nav = document.getElementById('nav');
  replace(nav, h('ul', {}, allowed().map(p => h('li', {},
    h('a', { href: `#/${p.path}`, 'aria-current': p === current ? 'page' : undefined }, p.title)))));
}

let shown = 0; // which route() call shows the current page: a page that finishes loading after the user moved on is stopped

async function route() {
  leave();
  leave = () => {};
  const mine = ++shown;
  const me = user();
  if (!me) return showSignIn(farewell);
  const wanted = location.hash.replace(/^#\//, '').split('?')[0];
  const choices = allowed();
  const page = choices.find(p => p.path === wanted) ?? choices[0];
  renderNav(page);
  if (!page) {
    replace(main, h('h1', {}, 'Nothing to show'), h('p', {}, `The roles ${me.roles.join(', ')} have no console page.`));
    return;
  }
  if (page.path !== wanted) { history.replaceState(null, '', `#/${page.path}`); }
  document.title = `${page.title} · HMS console`;
  const module = await import(page.module);
  const stop = await module.show(main, { config, user: me, tenant: window.hmsTenant }) ?? (() => {});
  if (mine !== shown) return stop(); // its feed and timers must not outlive it
  leave = stop;
  main.focus();
}

async function signedIn() {
  window.hmsTenant = await loadZone();
  const me = user();
  if (!me) return; // the API refused the token: the sign-in page already says why
  document.getElementById('who').textContent = `${me.sub} · ${window.hmsTenant?.name ?? me.tenant} · ${me.roles.join(', ')}`;
  document.getElementById('sign-out').hidden = false;
  await route();
}

let farewell; // why the last session ended, kept for every sign-in page shown until the next sign-in

function showSignIn(message) {
  farewell = message ?? farewell;
  message = farewell;
  leave();
  leave = () => {};
  document.getElementById('who').textContent = '';
  document.getElementById('sign-out').hidden = true;
  replace(document.getElementById('nav'));
  signInPage(main, config, () => { farewell = undefined; return signedIn(); }, message);
}

async function start() {
  config = await (await fetch('/console/config.json')).json();
  whenSignedOut(showSignIn);
  document.getElementById('sign-out').addEventListener('click', () => signOut('Signed out.'));
  window.addEventListener('hashchange', () => { if (user()) route(); });
  try {
    await finishRedirect(config);
  } catch (error) {
    return showSignIn(error.message);
  }
  if (user()) await signedIn(); else showSignIn();
}

start();
