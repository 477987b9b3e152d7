// The virtual clock of npm start, in the header: today for everybody who may read it, and its
// controls for an admin.
import { api, may } from './api.js';
import { $ } from './dom.js';
import { fmt } from './locale.js';
import { refresh } from './refresh.js';

const status = () => $('#clock-status');
const change = (command) =>
  api('/api/clock', command)
    .then(() => {
      status().textContent = '';
      return refresh();
    })
    .catch((error) => {
      status().textContent = `The clock refused: ${error.message}`;
    });

/** Shows the clock as the role may see it, and wires its controls. */
export function setUpClock() {
  $('#clock').hidden = !may('clock');
  for (const control of document.querySelectorAll('#clock .clock-control')) control.hidden = !may('set-clock');
  $('#pause').addEventListener('click', () => change({ daysPerSecond: 0 }));
  $('#resume').addEventListener('click', () => change({ daysPerSecond: 1 }));
  $('#fast').addEventListener('click', () => change({ daysPerSecond: 7 }));
  $('#next-day').addEventListener('click', () => change({ advanceDays: 1 }));
  $('#run-at').addEventListener('click', () => change({ daysPerSecond: Number($('#speed-input').value) }));
  $('#jump').addEventListener('click', () => change({ jumpTo: $('#jump-date').value }));
}

/** Draws today and the speed. */
export async function drawClock() {
  if (!may('clock')) return;
  const clock = await api('/api/clock');
  const today = $('#today');
  if (today.dateTime !== clock.today) {
    today.dateTime = clock.today;
    today.textContent = fmt.date(clock.today);
  }
  $('#speed').textContent = clock.daysPerSecond > 0 ? `(running, ${fmt.count(clock.daysPerSecond)} day(s)/s)` : '(paused)';
}
