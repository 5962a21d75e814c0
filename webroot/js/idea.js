// The idea page follows its challenge live: the support count and the way to the threshold move as
// members support it, and when the threshold is reached everyone on the page sees the moment.
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

  const onEvent = (ev) => {
    const d = ev.data || {};
    if (d.ideaId !== ideaId) return;
    if (ev.type === 'idea.supported') showCount(d.supportCount);
    if (ev.type === 'idea.stage_reached') moveStage(support, d);
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
