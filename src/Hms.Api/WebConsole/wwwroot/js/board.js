// The staff board: stage alerts arriving live (acknowledge, resolve), today's appointments by status per
// doctor, the day's NO_SHOWs, and patient-experience cases at risk or escalated (supervisors).
import { h, replace, badge, section, table, tell } from './dom.js';
import { api, explain, dataOf } from './api.js';
import { hasRole } from './auth.js';
import { follow } from './feed.js';
import { clock, stamp, today, elapsed } from './time.js';

const ALERT_STAFF = ['HOSPITAL_ADMIN', 'DOCTOR', 'NURSE', 'RECEPTIONIST'];
const ACTORS = ['HOSPITAL_ADMIN', 'DOCTOR', 'NURSE'];
const STATUSES = ['SCHEDULED', 'CONFIRMED', 'CHECKED_IN', 'IN_PROGRESS', 'COMPLETED', 'NO_SHOW', 'CANCELLED'];

export async function show(main) {
  const stops = [];
  const day = today();
  const alerts = section('Stage alerts', 'alerts');
  const appointments = section(`Today’s appointments (${day})`, 'appointments');
  const noShows = section('NO_SHOWs today', 'no-shows');
  const px = section('Patient-experience cases at risk or escalated', 'px');
  const feedState = h('span', { id: 'feed-state', class: 'muted' }, 'connecting…');
  replace(main, h('h1', {}, 'Alert board ', feedState),
    hasRole(...ALERT_STAFF) ? alerts.el : null,
    hasRole(...ALERT_STAFF) ? appointments.el : null,
    hasRole(...ALERT_STAFF) ? noShows.el : null,
    hasRole('SUPERVISOR', 'HOSPITAL_ADMIN') ? px.el : null);

  const state = { alerts: new Map(), appointments: new Map(), doctors: new Map() };

  if (hasRole(...ALERT_STAFF)) {
    await loadDoctors(state);
    await Promise.all([loadAlerts(state, alerts.body), loadAppointments(state, appointments.body, day), loadNoShows(state, noShows.body, day)]);
    let refresh;
    stops.push(follow('/api/v1/no-show/alerts/stream', (type, alert) => {
      if (type !== 'alert') return;
      const known = state.alerts.has(alert.id);
      state.alerts.set(alert.id, alert);
      renderAlerts(state, alerts.body);
      if (!known && alert.status === 'ACTIVE') {
        tell(`New alert: ${words(alert.alertType)} for ${person(alert.patient)}`);
      }
      clearTimeout(refresh); // statuses moved too (check-in, vitals): refresh the day's list once the burst is over
      refresh = setTimeout(() => Promise.all([loadAppointments(state, appointments.body, day), loadNoShows(state, noShows.body, day)]), 1000);
    }, s => { feedState.textContent = s === 'live' ? '● live' : '○ reconnecting…'; }));
    const tick = setInterval(() => {
      for (const cell of main.querySelectorAll('[data-waiting-since]')) cell.textContent = elapsed(cell.dataset.waitingSince);
    }, 1000);
    stops.push(() => clearInterval(tick));
    // NO_SHOWs and other status changes have no live feed: the day's lists refresh every 30 s too.
    const slow = setInterval(() => Promise.all([loadAppointments(state, appointments.body, day), loadNoShows(state, noShows.body, day)]), 30000);
    stops.push(() => clearInterval(slow));
  } else {
    feedState.textContent = '';
  }
  if (hasRole('SUPERVISOR', 'HOSPITAL_ADMIN')) await loadPx(px.body);
  return () => stops.forEach(stop => stop());
}

const words = type => String(type).replaceAll('_', ' ');
const person = p => p ? `${p.firstName} ${p.lastName}` : 'a patient';
const doctorName = (state, id, fallback) => {
  const d = state.doctors.get(id);
  return d ? `Dr ${d.firstName} ${d.lastName}` : fallback ?? '—';
};

async function loadDoctors(state) {
  try {
    dataOf(await api('/api/v1/doctors?limit=500')).forEach(d => state.doctors.set(d.id, d));
  } catch { /* names fall back to what alerts carry */ }
}

async function loadAlerts(state, body) {
  try {
    for (const status of ['ACTIVE', 'ACKNOWLEDGED']) {
      dataOf(await api(`/api/v1/no-show/alerts?status=${status}&limit=500`)).forEach(a => state.alerts.set(a.id, a));
    }
    renderAlerts(state, body);
  } catch (error) {
    replace(body, h('p', { class: 'error' }, explain(error)));
  }
}

function renderAlerts(state, body) {
  const open = [...state.alerts.values()].sort((a, b) => new Date(a.triggeredAt) - new Date(b.triggeredAt));
  if (open.length === 0) {
    replace(body, h('p', { class: 'muted' }, 'No open alerts.'));
    return;
  }
  const rows = open.map(alert => {
    const appointment = state.appointments.get(alert.appointmentId);
    const since = appointment?.checkedInAt ?? alert.triggeredAt;
    const done = alert.status === 'RESOLVED';
    return h('tr', { dataset: { alert: alert.id, type: alert.alertType }, class: done ? 'resolved' : '' },
      h('td', {}, badge(alert.status)),
      h('td', {}, h('strong', {}, words(alert.alertType))),
      h('td', {}, person(alert.patient), alert.patient?.mrn ? h('div', { class: 'muted' }, alert.patient.mrn) : null),
      h('td', {}, alert.doctor?.user ? `Dr ${alert.doctor.user.firstName} ${alert.doctor.user.lastName}` : '—'),
      h('td', {}, alert.message),
      h('td', {}, h('time', { datetime: alert.triggeredAt }, clock(alert.triggeredAt))),
      h('td', done ? {} : { class: 'waiting', dataset: { waitingSince: since }, 'aria-label': 'Waiting time' }, done ? '—' : elapsed(since)),
      h('td', {}, actions(state, alert, body)));
  });
  replace(body, table('Open stage alerts, oldest first; waiting counts from check-in',
    ['Status', 'Alert', 'Patient', 'Doctor', 'Message', 'Raised', 'Waiting', 'Actions'], rows, { id: 'alert-table' }));
}

function actions(state, alert, body) {
  if (!hasRole(...ACTORS) || alert.status === 'RESOLVED') return null;
  const act = verb => async event => {
    event.target.disabled = true;
    try {
      const changed = await api(`/api/v1/no-show/alerts/${alert.id}/${verb}`, { method: 'PUT' });
      const known = state.alerts.get(alert.id) ?? alert; // the answer has no names; the board's copy has them
      state.alerts.set(alert.id, { ...known, ...changed, patient: changed.patient ?? known.patient, doctor: changed.doctor ?? known.doctor });
      tell(`${words(alert.alertType)} for ${person(alert.patient)}: ${changed.status.toLowerCase()}`);
    } catch (error) {
      tell(explain(error));
    }
    renderAlerts(state, body);
  };
  const label = `${words(alert.alertType)} for ${person(alert.patient)}`;
  return h('span', { class: 'actions' },
    alert.status === 'ACTIVE' ? h('button', { type: 'button', onclick: act('acknowledge'), 'aria-label': `Acknowledge ${label}` }, 'Acknowledge') : null,
    h('button', { type: 'button', onclick: act('resolve'), 'aria-label': `Resolve ${label}` }, 'Resolve'));
}

async function loadAppointments(state, body, day) {
  try {
    const list = dataOf(await api(`/api/v1/appointments?from=${day}&to=${day}&limit=500`));
    state.appointments = new Map(list.map(a => [a.id, a]));
    const byDoctor = Map.groupBy(list, a => a.doctorId);
    if (byDoctor.size === 0) {
      replace(body, h('p', { class: 'muted' }, 'No appointments today.'));
      return;
    }
    replace(body, h('div', { class: 'doctors' }, [...byDoctor].map(([doctorId, items]) => {
      const counts = STATUSES.map(s => [s, items.filter(a => a.status === s).length]).filter(([, n]) => n > 0);
      return h('article', { class: 'doctor', 'aria-label': doctorName(state, doctorId, 'Doctor') },
        h('h3', {}, doctorName(state, doctorId, `Doctor ${doctorId.slice(0, 8)}`)),
        h('p', { class: 'counts' }, counts.map(([s, n]) => h('span', { class: 'count' }, badge(s), ` ${n}`))),
        h('ul', { class: 'day' }, items.sort((a, b) => a.startTime.localeCompare(b.startTime)).map(a =>
          h('li', {}, h('span', { class: 'when' }, a.startTime), ' ', badge(a.status),
            a.reminderAnswer ? h('span', { class: 'muted' }, ` · replied ${a.reminderAnswer.action.toLowerCase()}`) : null))));
    })));
    const alertBody = document.querySelector('#alerts .body');
    if (alertBody && state.alerts.size) renderAlerts(state, alertBody);
  } catch (error) {
    replace(body, h('p', { class: 'error' }, explain(error)));
  }
}

/** The day's NO_SHOWs from its appointments (every staff role reads those), with the log's reason where the role reads the log. */
async function loadNoShows(state, body, day) {
  try {
    const missed = dataOf(await api(`/api/v1/appointments?from=${day}&to=${day}&status=NO_SHOW&limit=500`))
      .sort((a, b) => a.startTime.localeCompare(b.startTime));
    const logs = hasRole('HOSPITAL_ADMIN', 'DOCTOR', 'RECEPTIONIST')
      ? new Map(dataOf(await api(`/api/v1/no-show/logs?from=${day}&to=${day}&limit=500`)).map(l => [l.appointmentId, l])) : new Map();
    replace(body, missed.length === 0 ? h('p', { class: 'muted' }, 'No NO_SHOWs today.') :
      table('NO_SHOWs of the day', ['Slot', 'Doctor', 'Reason', 'Marked', 'Slot released'], missed.map(a => {
        const log = logs.get(a.id);
        return h('tr', { dataset: { appointment: a.id } },
          h('td', {}, a.startTime), h('td', {}, doctorName(state, a.doctorId)), h('td', {}, log ? words(log.reason) : '—'),
          h('td', {}, stamp(log?.triggeredAt ?? a.updatedAt)), h('td', {}, log ? (log.slotReleased ? 'yes' : 'no') : '—'));
      }), { id: 'no-show-table' }));
  } catch (error) {
    replace(body, h('p', { class: 'error' }, explain(error)));
  }
}

const escalated = c => c.status === 'ESCALATED' || c.escalationLevel > 0;
/** Past its at-risk instant (a share of its SLA) and not yet escalated. */
const atRisk = c => !!c.atRiskAt && new Date(c.atRiskAt).getTime() <= Date.now();

async function loadPx(body) {
  try {
    const cases = dataOf(await api('/api/patient-experience/cases?limit=500'))
      .filter(c => c.active && (escalated(c) || atRisk(c)));
    replace(body, cases.length === 0 ? h('p', { class: 'muted' }, 'No case at risk or escalated.') :
      table('Cases at risk or escalated, earliest due first', ['Case', 'Department', 'Priority', 'Status', 'Level', 'Due'], cases.map(c => h('tr', { dataset: { case: c.id } },
        h('td', {}, c.title), h('td', {}, c.department), h('td', {}, c.priority),
        h('td', {}, badge(escalated(c) ? 'ESCALATED' : 'AT_RISK'), h('div', { class: 'muted' }, `at risk from ${stamp(c.atRiskAt)}`)),
        h('td', {}, String(c.escalationLevel)), h('td', {}, stamp(c.dueAt)))), { id: 'px-table' }));
  } catch (error) {
    replace(body, h('p', { class: 'error' }, explain(error)));
  }
}
