// Keeps the header's "Notifications (N)" true while the page is open: the server announces every
// new (or coalesced) notification and every "marked read" on the member's own `me` topic, each
// with the unread count. Loaded by the layout for signed-in members only.
import { LiveConnection, api, announce } from './live.js';
import { t } from './texts.js';

const link = document.querySelector('a.notifications-link');
if (link) {
  const countEl = link.querySelector('.unread-count');
  // A changed aria-label is not read out: a screen reader user hears of news through the
  // layout's polite status region instead, once per rise of the count.
  const status = document.querySelector('.notifications-status');
  const show = (n) => {
    const before = Number(link.dataset.unreadCount || 0);
    if (n > before) announce(status, t('notifications.announce', { count: n }));
    link.dataset.unreadCount = String(n);
    countEl.textContent = String(n);
    link.setAttribute('aria-label', t('notifications.unread', { count: n }));
    link.classList.toggle('has-unread', n > 0);
  };
  show(Number(link.dataset.unreadCount || 0));
  // Whatever happened between the page's render and the subscription (or while reconnecting)
  // is not replayed without a position: read the count once each time the socket is live.
  const resync = () => api('GET', '/api/notifications?limit=1').then((page) => show(page.unreadCount)).catch(() => {});
  new LiveConnection({
    topics: ['me'],
    onState: (state) => { if (state === 'live') resync(); },
    onEvent: (msg) => {
      if ((msg.type === 'notification.created' || msg.type === 'notification.read')
          && typeof msg.data?.unreadCount === 'number') {
        show(msg.data.unreadCount);
      }
    },
  }).start();
}
