// Small SVG charts with a table beside them for those who would rather read (or cannot see) the picture.
import { h } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, String(v)));
  children.flat().forEach(c => el.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return el;
}

const W = 560, H = 160, PAD = { left: 44, right: 8, top: 10, bottom: 22 };

/** The smallest of 1, 2, 5 × 10^k at or above the data's top, so the axis reads in round numbers. */
function nice(top) {
  const power = 10 ** Math.floor(Math.log10(Math.max(top, 1)));
  return [1, 2, 5, 10].map(m => m * power).find(v => v >= top) ?? 10 * power;
}

const figure = v => Number.isInteger(v) ? String(v) : v.toFixed(1);

function frame(title, top, labels, unit) {
  const max = nice(top);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title, class: 'chart' }, s('title', {}, title));
  const y = v => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  for (const v of [0, max / 2, max]) {
    svg.append(s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, `${figure(v)}${unit}`));
  }
  const step = (W - PAD.left - PAD.right) / Math.max(labels.length, 1);
  labels.forEach((label, i) => {
    if (i % Math.ceil(labels.length / 8) === 0) svg.append(s('text', { x: PAD.left + step * (i + 0.5), y: H - 6, 'text-anchor': 'middle', class: 'axis' }, label));
  });
  return { svg, y, step };
}

/** Lines of several series (e.g. lateness p50/p95/p99 per hour); dashes tell the series apart, not only colour. */
export function lines(title, labels, series, unit) {
  const max = Math.max(1, ...series.flatMap(x => x.values.filter(v => v != null)));
  const { svg, y, step } = frame(title, max, labels, unit);
  series.forEach((line, n) => {
    const points = line.values.map((v, i) => v == null ? null : `${PAD.left + step * (i + 0.5)},${y(v)}`).filter(Boolean);
    if (points.length) svg.append(s('polyline', { points: points.join(' '), class: `line l${n}`, fill: 'none' }));
  });
  return withTable(title, svg, labels, series, unit);
}

/** Stacked bars of counts per label (e.g. runs per hour: ok below, failed above, hatched). */
export function bars(title, labels, series) {
  const totals = labels.map((_, i) => series.reduce((sum, x) => sum + (x.values[i] ?? 0), 0));
  const { svg, y, step } = frame(title, Math.max(1, ...totals), labels, '');
  labels.forEach((_, i) => {
    let base = 0;
    series.forEach((bar, n) => {
      const v = bar.values[i] ?? 0;
      if (v > 0) svg.append(s('rect', { x: PAD.left + step * i + 1, width: Math.max(1, step - 2), y: y(base + v), height: y(base) - y(base + v), class: `bar b${n}` }));
      base += v;
    });
  });
  return withTable(title, svg, labels, series, '');
}

function withTable(title, svg, labels, series, unit) {
  const legend = h('ul', { class: 'legend' }, series.map((x, n) => h('li', {}, h('span', { class: `key k${n}`, 'aria-hidden': 'true' }), x.name)));
  const data = h('details', {}, h('summary', {}, 'Figures as a table'),
    h('table', {}, h('caption', {}, title),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Hour'), series.map(x => h('th', { scope: 'col' }, x.name)))),
      h('tbody', {}, labels.map((label, i) => h('tr', {}, h('th', { scope: 'row' }, label),
        series.map(x => h('td', {}, x.values[i] == null ? '—' : `${Math.round(x.values[i])}${unit}`)))))));
  return h('figure', { class: 'figure' }, h('figcaption', {}, title), svg, legend, data);
}
