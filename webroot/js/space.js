// Live space page: tells the reader when new threads arrive, without moving the list.
import { LiveConnection } from './live.js';
import { t } from './texts.js';

const spaceEl = document.querySelector('.space[data-space]');
if (spaceEl) {
  const notice = spaceEl.querySelector('.new-threads');
  let count = 0;
  new LiveConnection({
    topics: [`space:${spaceEl.dataset.space}`],
    onEvent: (ev) => {
      if (ev.type !== 'thread.created') return;
      count += 1;
      notice.hidden = false;
      notice.querySelector('a').textContent = t('space.newThreads', { count, title: ev.data.title });
    },
  }).start();
}
