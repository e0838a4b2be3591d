// Operators' views: deadlines (pending, due soon, overdue, lateness), job runs across every kind with
// filters and failures, the health of each job, and actions — fire a deadline now, retry a failed run or
// notification, pause or resume a KPI alert or a hotel job. Every action is an API route (see docs/operations.md).
import { h, replace, badge, section, table, tell } from './dom.js';
import { api, explain, dataOf } from './api.js';
import { hasRole } from './auth.js';
import { lines, bars } from './charts.js';
import { clock, stamp } from './time.js';

const ms = v => v == null ? '—' : v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
const DEADLINE_READERS = ['HOSPITAL_ADMIN', 'HOTEL_ADMIN', 'MANAGER'];

export async function show(main, { config }) {
  const deadlines = section('Deadlines', 'deadlines');
  const charts = section('The last 24 hours', 'history');
  const health = section('Health of each job', 'job-health');
  const failed = section('Failed runs', 'failed-runs');
  const notifications = section('Failed notifications', 'failed-notifications');
  const runs = section('Job runs', 'job-runs');
  replace(main, h('h1', {}, 'Operations'),
    config.dashboardUrl ? h('p', {}, h('a', { href: config.dashboardUrl, target: '_blank', rel: 'noopener' }, 'Orleans dashboard (silos, grains, reminders) ↗')) : null,
    deadlines.el, charts.el, health.el, failed.el, notifications.el, runs.el);

  const reloadAll = () => Promise.all([loadDeadlines(deadlines.body), loadHistory(charts.body), loadHealth(health.body),
    loadFailed(failed.body, reloadAll), loadNotifications(notifications.body)]);
  await Promise.all([reloadAll(), runList(runs.body)]);
  const timer = setInterval(() => loadDeadlines(deadlines.body), 15000);
  return () => clearInterval(timer);
}

/** A button that runs an API call, says what happened, then refreshes. */
function action(label, name, call, after) {
  return h('button', { type: 'button', 'aria-label': name, onclick: async event => {
    event.target.disabled = true;
    try {
      await call();
      tell(`${name}: done`);
    } catch (error) {
      tell(`${name}: ${explain(error)}`);
      event.target.disabled = false;
    }
    await after?.();
  } }, label);
}

async function guarded(body, load) {
  try {
    await load();
  } catch (error) {
    replace(body, h('p', { class: 'error' }, explain(error)));
  }
}

function loadDeadlines(body) {
  if (!hasRole(...DEADLINE_READERS)) return replace(body, h('p', { class: 'muted' }, 'Not for your roles.'));
  return guarded(body, async () => {
    const view = await api('/api/v1/operations/deadlines');
    const kinds = view.kinds ?? [];
    const overdue = view.overdue ?? [];
    replace(body,
      table(`Pending deadlines by kind; overdue means past due by more than ${view.overdueGraceSeconds ?? '—'} s; lateness over the last hour`,
        ['Kind', 'Pending', 'Due in the next hour', 'Overdue', 'p50', 'p95', 'p99'], kinds.map(k => h('tr', { dataset: { kind: k.kind } },
          h('th', { scope: 'row' }, k.kind.replaceAll('_', ' ')), h('td', {}, k.pending), h('td', {}, k.dueNextHour),
          h('td', {}, k.overdue > 0 ? badge('OVERDUE') : null, ` ${k.overdue}`),
          h('td', {}, ms(k.lateness?.p50Ms)), h('td', {}, ms(k.lateness?.p95Ms)), h('td', {}, ms(k.lateness?.p99Ms)))), { id: 'deadline-table' }),
      overdue.length === 0 ? h('p', { class: 'muted' }, 'Nothing overdue.') :
        table('Overdue deadlines', ['Kind', 'Subject', 'Due', 'Action'], overdue.map(d => h('tr', {},
          h('td', {}, d.kind), h('td', {}, h('code', {}, d.subjectId)), h('td', {}, stamp(d.dueAt)),
          h('td', {}, action('Fire now', `Fire ${d.kind} deadline of ${d.subjectId}`,
            () => api(`/api/v1/operations/deadlines/${encodeURIComponent(d.kind)}/${encodeURIComponent(d.subjectId)}/fire`, { method: 'POST' }),
            () => loadDeadlines(body)))))));
  });
}

function loadHistory(body) {
  if (!hasRole(...DEADLINE_READERS)) return replace(body, h('p', { class: 'muted' }, 'Not for your roles.'));
  return guarded(body, async () => {
    const history = await api('/api/v1/operations/history?hours=24');
    const hours = history.hours ?? history.buckets ?? [];
    const labels = hours.map(x => clock(x.hour ?? x.start));
    replace(body, h('div', { class: 'grid' },
      lines('Lateness of deadline runs per hour', labels, [
        { name: 'p50', values: hours.map(x => x.latenessP50Ms ?? x.lateness?.p50Ms ?? null) },
        { name: 'p95', values: hours.map(x => x.latenessP95Ms ?? x.lateness?.p95Ms ?? null) },
        { name: 'p99', values: hours.map(x => x.latenessP99Ms ?? x.lateness?.p99Ms ?? null) }], ' ms'),
      bars('Runs per hour', labels, [
        { name: 'ok', values: hours.map(x => x.ok ?? x.completed ?? 0) },
        { name: 'failed', values: hours.map(x => x.failed ?? 0) }])));
  });
}

function loadHealth(body) {
  return guarded(body, async () => {
    const parts = [];
    if (hasRole('HOSPITAL_ADMIN')) {
      const check = await api('/api/v1/no-show/cron-health');
      parts.push(h('article', { class: 'card', id: 'health-no-show' }, h('h3', {}, 'NO_SHOW deadlines'),
        h('p', {}, badge(check.isHealthy ? 'HEALTHY' : 'UNHEALTHY'), ' ', check.healthMessage),
        h('p', { class: 'muted' }, `Pending ${check.pendingDeadlines} · overdue ${check.overdueDeadlines} · runs ${check.totalRuns} (${check.failedRuns} failed)`),
        action('Run a reconcile pass', 'Reconcile pass', () => api('/api/v1/no-show/trigger', { method: 'POST' }), () => loadHealth(body))));
    }
    if (hasRole('HOTEL_ADMIN', 'MANAGER')) {
      const jobs = await api('/api/v1/hotels/current/jobs').catch(() => null);
      if (jobs) parts.push(h('article', { class: 'card', id: 'health-hotel-jobs' }, h('h3', {}, 'Hotel jobs'),
        table('Each job: next run, last run, retry', ['Job', 'State', 'Last', 'Next', 'Actions'], jobs.map(j => h('tr', { dataset: { job: j.jobName } },
          h('th', { scope: 'row' }, j.jobName), h('td', {}, j.enabled ? 'running' : badge('PAUSED')),
          h('td', {}, j.lastStatus ? badge(j.lastStatus) : '—', ` ${stamp(j.lastRunAt)}`),
          h('td', {}, j.retryAt ? `retry ${j.retryAttempt} at ${stamp(j.retryAt)}` : stamp(j.nextRunAt)),
          h('td', {}, action(j.enabled ? 'Pause' : 'Resume', `${j.enabled ? 'Pause' : 'Resume'} ${j.jobName}`,
            () => api(`/api/v1/hotels/current/jobs/${j.jobName}`, { method: 'PUT', body: { enabled: !j.enabled } }), () => loadHealth(body)),
            action('Run now', `Run ${j.jobName} now`, () => api(`/api/jobs/trigger/${j.jobName}`, { method: 'POST' }), () => loadHealth(body))))))));
    }
    if (hasRole('HOSPITAL_ADMIN', 'MANAGER', 'SUPERVISOR')) {
      const alerts = await api('/api/v1/kpi-alerts?limit=500').catch(() => null);
      if (alerts) parts.push(h('article', { class: 'card', id: 'health-kpi-alerts' }, h('h3', {}, 'KPI alerts'),
        dataOf(alerts).length === 0 ? h('p', { class: 'muted' }, 'No KPI alerts.') :
          table('Each alert: next occurrence and last run', ['Alert', 'Type', 'State', 'Next', 'Actions'], dataOf(alerts).map(a => h('tr', { dataset: { alert: a.id } },
            h('th', { scope: 'row' }, a.name), h('td', {}, a.type), h('td', {}, a.isActive ? 'active' : badge('PAUSED')), h('td', {}, stamp(a.nextRunAt)),
            h('td', {}, action(a.isActive ? 'Pause' : 'Resume', `${a.isActive ? 'Pause' : 'Resume'} ${a.name}`,
              () => api(`/api/v1/kpi-alerts/${a.id}`, { method: 'PATCH', body: { isActive: !a.isActive } }), () => loadHealth(body))))))));
    }
    replace(body, parts.length ? h('div', { class: 'grid' }, parts) : h('p', { class: 'muted' }, 'No job health for your roles.'));
  });
}

function runRows(list, retry) {
  return list.map(r => h('tr', { dataset: { run: r.id } },
    h('td', {}, badge(r.status)), h('td', {}, r.jobName), h('td', {}, r.source),
    h('td', {}, stamp(r.startedAt ?? r.createdAt)), h('td', {}, ms(r.latenessMs)), h('td', {}, ms(r.durationMs)),
    h('td', {}, r.error ?? ''),
    retry ? h('td', {}, r.status === 'FAILED' ? action('Retry', `Retry ${r.jobName} run`, () => api(`/api/jobs/${r.id}/retry`, { method: 'POST' }), retry) : null) : null));
}

function loadFailed(body, reloadAll) {
  if (!hasRole(...DEADLINE_READERS)) return replace(body, h('p', { class: 'muted' }, 'Not for your roles.'));
  return guarded(body, async () => {
    const list = dataOf(await api('/api/jobs?status=FAILED&limit=25'));
    replace(body, list.length === 0 ? h('p', { class: 'muted' }, 'No failed runs.') :
      table('The latest failed runs with their error', ['Status', 'Job', 'Started by', 'Started', 'Late', 'Took', 'Error', 'Action'], runRows(list, reloadAll), { id: 'failed-run-table' }));
  });
}

function loadNotifications(body) {
  if (!hasRole('HOSPITAL_ADMIN', 'HOTEL_ADMIN')) return replace(body, h('p', { class: 'muted' }, 'For hospital and hotel admins.'));
  return guarded(body, async () => {
    const list = dataOf(await api('/api/v1/notifications/failed?limit=50'));
    replace(body, list.length === 0 ? h('p', { class: 'muted' }, 'No failed notifications.') :
      table('Notifications whose delivery failed; Retry makes one fresh attempt on each given-up channel now',
        ['Status', 'Notification', 'Deliveries', 'Created', 'Action'], list.map(n => notificationRow(n)), { id: 'failed-notification-table' }));
  });
}

function notificationRow(n) {
  const status = h('td', { class: 'n-status' }, badge(n.deliveryStatus));
  const deliveries = h('td', {}, deliveryList(n));
  return h('tr', { dataset: { notification: n.id } },
    status, h('td', {}, h('strong', {}, n.title), h('div', { class: 'muted' }, n.type)), deliveries, h('td', {}, stamp(n.createdAt)),
    h('td', {}, action('Retry', `Retry notification ${n.title}`, async () => {
      const after = await api(`/api/v1/notifications/${n.id}/retry`, { method: 'POST' });
      replace(status, badge(after.deliveryStatus));
      replace(deliveries, deliveryList(after));
    })));
}

const deliveryList = n => (n.deliveries ?? []).map(d => h('div', {}, `${d.channel}: `, badge(d.status),
  ` ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`, d.lastError ? h('div', { class: 'muted' }, d.lastError) : null));

async function runList(body) {
  if (!hasRole(...DEADLINE_READERS)) return replace(body, h('p', { class: 'muted' }, 'Not for your roles.'));
  const jobName = h('input', { id: 'run-job', name: 'jobName', placeholder: 'any' });
  const status = h('select', { id: 'run-status', name: 'status' }, ['', 'COMPLETED', 'FAILED', 'RUNNING', 'PENDING'].map(s => h('option', { value: s }, s || 'any')));
  const from = h('input', { id: 'run-from', name: 'startDate', type: 'date' });
  const to = h('input', { id: 'run-to', name: 'endDate', type: 'date' });
  const results = h('div', {});
  const load = () => guarded(results, async () => {
    const query = new URLSearchParams({ limit: '50' });
    if (jobName.value.trim()) query.set('jobName', jobName.value.trim());
    if (status.value) query.set('status', status.value);
    if (from.value) query.set('startDate', from.value);
    if (to.value) query.set('endDate', to.value);
    const page = await api(`/api/jobs?${query}`);
    const list = dataOf(page);
    replace(results, h('p', { class: 'muted' }, `${page.total ?? list.length} runs; newest first`),
      table('Runs of every kind: deadlines handled, scheduled and triggered runs, passes', ['Status', 'Job', 'Started by', 'Started', 'Late', 'Took', 'Error'], runRows(list, null), { id: 'run-table' }));
  });
  replace(body, h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); load(); } },
    h('label', { for: 'run-job' }, 'Job'), jobName, h('label', { for: 'run-status' }, 'Status'), status,
    h('label', { for: 'run-from' }, 'From'), from, h('label', { for: 'run-to' }, 'To'), to,
    h('button', { type: 'submit' }, 'Filter')), results);
  await load();
}
