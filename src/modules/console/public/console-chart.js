// A run's metrics as an inline SVG line chart (drawn here, no chart library), named by its
// <title> and summarised by its <desc>, with the same figures as a table beside it.
'use strict';

window.sokuConsoleChart = ({ el }) => {
  const SVG = 'http://www.w3.org/2000/svg';
  const METRICS = ['impressions', 'views', 'likes', 'comments', 'shares', 'saves', 'clicks'];
  const WIDTH = 600;
  const HEIGHT = 240;
  const AREA = { left: 72, right: 16, top: 16, bottom: 40 };
  let charts = 0;

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, String(value));
    }
    node.append(...children);
    return node;
  }

  const shortTime = (iso) =>
    new Date(iso).toLocaleString(undefined, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });

  /** The smallest of 1, 2 or 5 × 10ⁿ at or above `value` (2 at least): whole halves on the axis. */
  function roundUp(value) {
    if (value <= 2) {
      return 2;
    }
    const power = 10 ** Math.floor(Math.log10(value));
    return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= value);
  }

  /** The metrics this series reports, in the API's order. */
  const namesIn = (series) =>
    METRICS.filter((name) => series.some((sample) => typeof sample.figures[name] === 'number'));

  function legendLine(index) {
    return svg(
      'svg',
      { class: 'chart-swatch', viewBox: '0 0 24 8', width: 24, height: 8, 'aria-hidden': 'true' },
      svg('line', { x1: 0, y1: 4, x2: 24, y2: 4, class: `series series-${index}` }),
    );
  }

  function chart(label, series) {
    const names = namesIn(series);
    const times = series.map((sample) => Date.parse(sample.readAt));
    const [first, last] = [Math.min(...times), Math.max(...times)];
    const top = roundUp(Math.max(0, ...series.flatMap((s) => names.map((n) => s.figures[n] ?? 0))));
    const plotWidth = WIDTH - AREA.left - AREA.right;
    const plotHeight = HEIGHT - AREA.top - AREA.bottom;
    const x = (t) =>
      AREA.left + (last === first ? plotWidth / 2 : ((t - first) / (last - first)) * plotWidth);
    const y = (v) => AREA.top + plotHeight - (v / top) * plotHeight;
    const id = `chart-${++charts}`;
    const latest = series[series.length - 1].figures;
    const summary = `${series.length} read${series.length === 1 ? '' : 's'} from ${shortTime(series[0].readAt)} to ${shortTime(series[series.length - 1].readAt)}. Latest: ${names.map((n) => `${n} ${latest[n] ?? 0}`).join(', ')}.`;
    const grid = [0, top / 2, top].map((value) =>
      svg(
        'g',
        { class: 'chart-grid' },
        svg('line', { x1: AREA.left, x2: WIDTH - AREA.right, y1: y(value), y2: y(value) }),
        svg('text', { x: AREA.left - 6, y: y(value) + 4, 'text-anchor': 'end' }, String(value)),
      ),
    );
    const axis = [
      svg(
        'text',
        { x: AREA.left, y: HEIGHT - 12, 'text-anchor': 'start' },
        shortTime(series[0].readAt),
      ),
      last === first
        ? null
        : svg(
            'text',
            { x: WIDTH - AREA.right, y: HEIGHT - 12, 'text-anchor': 'end' },
            shortTime(series[series.length - 1].readAt),
          ),
    ].filter(Boolean);
    const lines = names.map((name, index) => {
      const points = series.map((sample, i) => [x(times[i]), y(sample.figures[name] ?? 0)]);
      return svg(
        'g',
        { class: `series series-${index}`, 'data-metric': name },
        svg('polyline', { points: points.map((p) => p.join(',')).join(' '), fill: 'none' }),
        ...points.map(([cx, cy]) => svg('circle', { cx, cy, r: 3 })),
      );
    });
    const picture = svg(
      'svg',
      {
        class: 'chart',
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        role: 'img',
        'aria-labelledby': `${id}-title ${id}-desc`,
      },
      svg('title', { id: `${id}-title` }, `Metrics of ${label}`),
      svg('desc', { id: `${id}-desc` }, summary),
      ...grid,
      ...axis,
      ...lines,
    );
    const legend = el(
      'ul',
      { class: 'chart-legend', 'aria-label': 'Lines' },
      ...names.map((name, index) => el('li', {}, legendLine(index), ` ${name}`)),
    );
    return el('figure', { class: 'chart-figure' }, picture, legend, table(label, series, names));
  }

  function table(label, series, names) {
    return el(
      'details',
      {},
      el('summary', {}, `Figures of ${label} as a table`),
      el(
        'table',
        { class: 'stacked chart-table', role: 'table' },
        el('caption', { class: 'visually-hidden' }, `Metrics of ${label}`),
        window.sokuConsoleTableHead(el, ['Read at', ...names]),
        el(
          'tbody',
          { role: 'rowgroup' },
          ...series.map((sample) =>
            el(
              'tr',
              { role: 'row' },
              el('td', { role: 'cell', 'data-label': 'Read at' }, shortTime(sample.readAt)),
              ...names.map((name) =>
                el('td', { role: 'cell', 'data-label': name }, String(sample.figures[name] ?? '')),
              ),
            ),
          ),
        ),
      ),
    );
  }

  return { chart };
};
