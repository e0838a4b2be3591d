// Times are shown in the tenant's zone (the hospital's or hotel's), whatever the browser's own zone is.
let zone = 'UTC';

export function useZone(timeZone) { zone = timeZone || 'UTC'; }
export function currentZone() { return zone; }

const cache = new Map();
function format(options) {
  const key = JSON.stringify(options) + zone;
  if (!cache.has(key)) cache.set(key, new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...options }));
  return cache.get(key);
}

export function clock(instant) {
  return instant ? format({ hour: '2-digit', minute: '2-digit' }).format(new Date(instant)) : '—';
}

export function stamp(instant) {
  return instant ? format({ day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(instant)) : '—';
}

/** Today's date in the tenant's zone, as the API writes dates (yyyy-MM-dd). */
export function today() {
  const parts = Object.fromEntries(format({ year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date()).map(p => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** "12:05" for 12 minutes 5 seconds, "1:02:00" past an hour. */
export function elapsed(from, to = Date.now()) {
  const seconds = Math.max(0, Math.floor((to - new Date(from).getTime()) / 1000));
  const hh = Math.floor(seconds / 3600), mm = Math.floor(seconds / 60) % 60, ss = seconds % 60;
  const two = n => String(n).padStart(2, '0');
  return hh > 0 ? `${hh}:${two(mm)}:${two(ss)}` : `${mm}:${two(ss)}`;
}
