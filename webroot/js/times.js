// Times as people read them: each <time datetime> becomes "3 min ago" / "il y a 3 min", with the
// full local time in the browser's zone as its title, kept current every minute. Without this
// script the server's absolute time stays (in the member's zone if set, else the browser's once
// known, else UTC). The browser's zone is remembered in a cookie so those pages can use it too.
import { lang } from './texts.js';

const relative = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
const full = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'long' });
const UNITS = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
if (zone) {
  const cookie = `cc_tz=${encodeURIComponent(zone)}`;
  if (!document.cookie.split('; ').includes(cookie)) {
    document.cookie = `${cookie}; path=/; max-age=31536000; samesite=lax`;
  }
}

const phrase = (at) => {
  const seconds = Math.round((at - Date.now()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return relative.format(Math.trunc(seconds / size), unit);
    }
  }
  return relative.format(0, 'second');
};

const enhance = (el) => {
  const at = Date.parse(el.getAttribute('datetime'));
  if (Number.isNaN(at)) {
    return;
  }
  el.title = full.format(at);
  el.textContent = phrase(at);
  el.classList.add('relative-time');
};

const enhanceAll = (root) => {
  if (root.matches?.('time[datetime]')) {
    enhance(root);
  }
  root.querySelectorAll?.('time[datetime]').forEach(enhance);
};

enhanceAll(document);
setInterval(() => document.querySelectorAll('time.relative-time').forEach(enhance), 60_000);
// Posts and notifications that arrive live carry their times too.
new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
  if (node.nodeType === Node.ELEMENT_NODE) {
    enhanceAll(node);
  }
}))).observe(document.body, { childList: true, subtree: true });
