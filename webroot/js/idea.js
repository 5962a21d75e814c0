// The idea page follows its challenge live: the support count and the way to the threshold move as
// members support it, and when the threshold is reached everyone on the page sees the moment. When
// its authors publish a new iteration, the page says so politely and brings the idea's text and its
// iteration block up to date in place, so a reply being written is not lost to a reload.
import { LiveConnection } from './live.js';
import { t } from './texts.js';
import { markReached, moveStage, showProgress } from './threshold.js';

const root = document.querySelector('.idea[data-idea-id][data-challenge-id]');
if (root) {
  const ideaId = Number(root.dataset.ideaId);
  const support = root.querySelector('.idea-support');
  const moment = root.querySelector('.threshold-moment');

  const showCount = (count) => {
    support.dataset.supportCount = count;
    support.querySelector('.support-count').textContent = String(count);
    support.querySelector('.support-label').textContent = t('idea.supportLabel', { count });
    showProgress(support, count);
  };

  // The idea's text and its co-design block as the server renders them now; nothing else on the page
  // (a half-written reply, an open form) is touched. Without it, the notice's link still leads there.
  const refreshIteration = async () => {
    let html;
    try {
      const res = await fetch(window.location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!res.ok) return;
      html = await res.text();
    } catch {
      return;
    }
    const fresh = new DOMParser().parseFromString(html, 'text/html');
    for (const selector of ['.idea-body', '#codesign .iteration-block']) {
      const now = root.querySelector(selector);
      const then = fresh.querySelector(selector);
      if (now && then) now.replaceWith(document.importNode(then, true));
    }
  };

  const showIterated = (d) => {
    const notice = root.querySelector('#codesign .iteration-notice');
    if (!notice) return;
    const link = document.createElement('a');
    link.href = `/i/${ideaId}/iterations?from=${Math.max(1, d.n - 1)}&to=${d.n}`;
    link.textContent = t('idea.iteratedLink');
    notice.replaceChildren(`${t('idea.iterated', { n: d.n })} `, link);
    notice.hidden = false;
    refreshIteration();
  };

  const onEvent = (ev) => {
    const d = ev.data || {};
    if (d.ideaId !== ideaId) return;
    if (ev.type === 'idea.supported') showCount(d.supportCount);
    if (ev.type === 'idea.stage_reached') moveStage(support, d);
    if (ev.type === 'idea.iterated') showIterated(d);
    if (ev.type === 'idea.threshold_reached') {
      showCount(d.supportCount);
      markReached(support, d.supportCount);
      // Reaching it moves a submitted idea to review: the badge follows.
      const badge = root.querySelector('.idea-context .badge.status');
      if (badge && d.status) {
        badge.className = `badge status status-${d.status}`;
        badge.textContent = t(`ideaStatus.${d.status}`);
      }
      moment.textContent = t('idea.thresholdMoment');
      moment.hidden = false;
    }
  };

  new LiveConnection({
    topics: [`challenge:${root.dataset.challengeId}`],
    since: root.dataset.position ? Number(root.dataset.position) : null,
    onEvent,
    // Says on the page whether it is following (tests wait for "live" before they act).
    onState: (s) => { root.dataset.live = s; },
  }).start();
}
