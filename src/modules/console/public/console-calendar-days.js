// The calendar's days, in the browser's time zone: which days a month or week view shows, their
// keys (YYYY-MM-DD), and the grid's arrow-key moves between them.
'use strict';

window.sokuCalendarDays = (() => {
  const startOfDay = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
  const addDays = (date, days) =>
    new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
  /** The Monday on or before `date`. */
  const weekStart = (date) => addDays(date, -((date.getDay() + 6) % 7));
  const pad = (n) => String(n).padStart(2, '0');
  const dayKey = (date) =>
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  /** The value of a datetime-local input. */
  const localInput = (date) => `${dayKey(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;

  /** `day` at the time of day of `time` (local wall time, across a DST change too). */
  const sameTimeOn = (day, time) =>
    new Date(
      day.getFullYear(),
      day.getMonth(),
      day.getDate(),
      time.getHours(),
      time.getMinutes(),
      time.getSeconds(),
    );

  /** The days on screen: whole weeks around the anchor's month, or the anchor's week. */
  function shownDays(view, anchor) {
    const monthStart = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
    const monthEnd = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 1);
    const days = [];
    let day = weekStart(view === 'week' ? anchor : monthStart);
    while (days.length < 7 || (view === 'month' && day < monthEnd) || days.length % 7 !== 0) {
      days.push(day);
      day = addDays(day, 1);
    }
    return days;
  }

  function title(view, anchor, days) {
    if (view === 'month') {
      return anchor.toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
    }
    const long = { day: 'numeric', month: 'short', year: 'numeric' };
    const [first, last] = [days[0], days[days.length - 1]];
    return `${first.toLocaleDateString(undefined, long)} – ${last.toLocaleDateString(undefined, long)}`;
  }

  /**
   * The grid's keyboard (one tab stop, the APG grid pattern): arrows move a day or a week, Home
   * and End to the ends of the week. Returns the cell focused, or null for any other key.
   */
  function moveFocus(event, cells) {
    const cell = event.target;
    const at = cells.indexOf(cell);
    const steps = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    let next;
    if (event.key === 'Home') {
      next = at - (at % 7);
    } else if (event.key === 'End') {
      next = at - (at % 7) + 6;
    } else if (event.key in steps) {
      next = at + steps[event.key];
    } else {
      return null;
    }
    if (at < 0) {
      return null;
    }
    event.preventDefault();
    const target = cells[Math.max(0, Math.min(cells.length - 1, next))];
    cell.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
    return target;
  }

  return { startOfDay, addDays, dayKey, localInput, sameTimeOn, shownDays, title, moveFocus };
})();
