// Follow and unread (task C). A thread list's unread counts stay true while the page is open: the
// threads the reader has opened are followed live (each topic is permission-checked by the server
// like a read), and every visible post by someone else raises that thread's count. Muted threads
// carry no data-read, so they are never followed here and never counted.
import { LiveConnection } from './live.js';
import { t } from './texts.js';

const me = document.querySelector('meta[name="me"]')?.content;
// The server allows 50 topics per connection; a page lists at most 30 threads.
const badges = [...document.querySelectorAll('.unread-badges[data-read]')].slice(0, 45);
if (me && badges.length) {
  const byThread = new Map(badges.map((b) => [b.dataset.unreadThread, b]));
  const show = (badge, n) => {
    badge.dataset.unread = String(n);
    const link = badge.querySelector('.unread-count');
    link.textContent = t('unread.count', { count: n });
    link.setAttribute('aria-label', t('unread.countLabel', { count: n }));
    link.hidden = n === 0;
  };
  new LiveConnection({
    topics: [...byThread.keys()].map((id) => `thread:${id}`),
    onEvent: (ev) => {
      if (ev.type !== 'post.created') return;
      const post = ev.data;
      const badge = byThread.get(String(post.threadId));
      if (!badge || post.hidden || post.deleted || post.author?.username === me) return;
      show(badge, Number(badge.dataset.unread || 0) + 1);
    },
  }).start();
}
