// Builds elements from data only (no HTML strings), so names and messages from the API are always text.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A status shown by word and symbol, never by colour alone. */
export function badge(status) {
  const symbols = { ACTIVE: '●', ACKNOWLEDGED: '◐', RESOLVED: '✓', COMPLETED: '✓', FAILED: '✗', NO_SHOW: '⊘',
    CANCELLED: '—', SCHEDULED: '○', CONFIRMED: '◉', CHECKED_IN: '➜', IN_PROGRESS: '▶', DELIVERED: '✓', SENT: '✓',
    PENDING: '…', RUNNING: '▶', ESCALATED: '▲', AT_RISK: '⚠', OVERDUE: '!', FREE: '○', BOOKED: '■', BLOCKED: '▨', HELD: '◔', PAST: '·', HEALTHY: '✓', UNHEALTHY: '✗', PAUSED: '‖' };
  const name = String(status ?? '').toUpperCase();
  return h('span', { class: `badge s-${name.toLowerCase()}` }, h('span', { 'aria-hidden': 'true' }, symbols[name] ?? '•'), ' ', name.replaceAll('_', ' '));
}

/** A section with a heading and a body that fills in when its data arrives. */
export function section(title, id) {
  const body = h('div', { class: 'body' }, h('p', { class: 'muted' }, 'Loading…'));
  const el = h('section', { class: 'card', id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), body);
  return { el, body };
}

let toastTimer;
/** Says what happened in the polite live region (read by screen readers, shown for a few seconds). */
export function tell(message) {
  const status = document.getElementById('status');
  status.textContent = message;
  status.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => status.classList.remove('shown'), 4000);
}

/** A table with a caption, header row and rows of cells (text or elements). */
export function table(caption, headers, rows, attrs = {}) {
  // On a narrow screen a wide table scrolls inside its card (keyboard users reach it: it takes focus), not the page.
  return h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', attrs,
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows)));
}
