// A doctor's day as a grid of slots: free, booked, blocked, held for the waitlist, NO_SHOW.
import { h, replace, badge, section, tell } from './dom.js';
import { api, explain, dataOf } from './api.js';
import { today } from './time.js';


export async function show(main) {
  const grid = section('Slots', 'slot-grid');
  const doctor = h('select', { id: 'slot-doctor', name: 'doctor', required: true });
  const date = h('input', { id: 'slot-date', name: 'date', type: 'date', required: true, value: today() });
  const form = h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); load(); } },
    h('label', { for: 'slot-doctor' }, 'Doctor'), doctor,
    h('label', { for: 'slot-date' }, 'Day'), date,
    h('button', { type: 'submit' }, 'Show'));
  replace(main, h('h1', {}, 'Slot grid'), form, grid.el);

  try {
    const doctors = dataOf(await api('/api/v1/doctors?limit=500'));
    replace(doctor, doctors.map(d => h('option', { value: d.id }, `Dr ${d.firstName} ${d.lastName}${d.specialization ? ` · ${d.specialization}` : ''}`)));
    if (doctors.length === 0) { replace(grid.body, h('p', { class: 'muted' }, 'No doctors registered.')); return; }
    const wanted = new URLSearchParams(location.hash.split('?')[1] ?? '').get('doctor');
    if (wanted) doctor.value = wanted;
  } catch (error) {
    replace(grid.body, h('p', { class: 'error' }, explain(error)));
    return;
  }

  async function load() {
    replace(grid.body, h('p', { class: 'muted' }, 'Loading…'));
    try {
      const [slots, appointments] = await Promise.all([
        api(`/api/v1/slots/doctor/${doctor.value}/date/${date.value}`),
        api(`/api/v1/appointments?doctorId=${doctor.value}&from=${date.value}&to=${date.value}&limit=500`)]);
      const status = new Map(dataOf(appointments).map(a => [a.id, a.status]));
      const list = dataOf(slots);
      const kinds = list.map(s => kind(s, status));
      const counts = ['FREE', 'BOOKED', 'NO_SHOW', 'BLOCKED', 'HELD', 'PAST'].map(k => [k, kinds.filter(x => x === k).length]).filter(([, n]) => n);
      replace(grid.body, list.length === 0 ? h('p', { class: 'muted' }, 'No slots that day.') : [
        h('p', { class: 'counts', id: 'slot-counts' }, counts.map(([k, n]) => h('span', { class: 'count' }, badge(k), ` ${n}`))),
        h('ol', { class: 'slots', 'aria-label': `Slots of ${date.value}` }, list.map((s, i) => h('li', { class: `slot k-${kinds[i].toLowerCase()}`, dataset: { kind: kinds[i] } },
          h('span', { class: 'when' }, `${s.startTime}–${s.endTime}`), badge(kinds[i]),
          s.blockedReason ? h('span', { class: 'muted' }, s.blockedReason) : null)))]);
    } catch (error) {
      replace(grid.body, h('p', { class: 'error' }, explain(error)));
      tell(explain(error));
    }
  }
  await load();
}

function kind(slot, status) {
  if (slot.appointmentId && status.get(slot.appointmentId) === 'NO_SHOW') return 'NO_SHOW';
  if (slot.isBooked) return 'BOOKED';
  if (slot.isBlocked) return 'BLOCKED';
  if (slot.isHeld) return 'HELD';
  if (slot.isPast) return 'PAST';
  return 'FREE';
}
