// Follow and unread (task C). The thread page's own view moved the reader's position to the newest
// post it showed; posts that arrive live afterwards are read when they scroll into view. The
// newest post seen is reported at most once a second; the server keeps the greatest, so reports
// that cross (two tabs, a slow network) never move it back.
import { api } from './live.js';

const thread = document.querySelector('.thread[data-thread-id]');
const tree = thread?.querySelector('.post-tree');
if (thread && tree && document.querySelector('meta[name="me"]') && 'IntersectionObserver' in window) {
  let seen = 0;
  let sent = 0;
  let timer = null;
  const flush = () => {
    timer = null;
    if (seen <= sent) return;
    const postId = seen;
    api('POST', `/api/threads/${thread.dataset.threadId}/read`, { postId })
      .then(() => { sent = Math.max(sent, postId); })
      .catch(() => {});
  };
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const id = Number(entry.target.dataset.postId);
      observer.unobserve(entry.target);
      if (id > seen) {
        seen = id;
        if (!timer) timer = setTimeout(flush, 1000);
      }
    }
  });
  // Only posts added after the page loaded: the ones it was rendered with are already counted read.
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        const posts = node.matches('li.post[data-post-id]') ? [node] : [...node.querySelectorAll('li.post[data-post-id]')];
        posts.forEach((p) => observer.observe(p));
      }
    }
  }).observe(tree, { childList: true, subtree: true });
}
