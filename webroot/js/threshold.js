// An idea's way to its challenge's support threshold (templates/partials/threshold.hbs), kept up to
// date by the challenge and idea pages from their live events. Without this file the server's
// rendering stands as it was when the page loaded.
import { t } from './texts.js';

/** "9 / 10 supporters": which of the two numbers the plural follows is the language's choice. */
export function progressText(count, threshold) {
  const pluralOf = t('idea.progressPluralOf') === 'threshold' ? threshold : count;
  return t('idea.progress', { count: pluralOf, supporters: count, threshold });
}

/** Shows `count` supporters in the threshold block inside `scope` (a card, or the idea page). */
export function showProgress(scope, count) {
  const box = scope?.querySelector('.threshold');
  if (!box) return;
  const threshold = Number(box.dataset.threshold);
  const bar = box.querySelector('progress');
  // Support stages (issue #20): the bar runs to the current stage's target, and says which stage it is.
  const text = progressText(count, threshold)
    + (box.dataset.stage ? t('idea.stageSuffix', { stage: box.dataset.stage, of: box.dataset.stageOf }) : '');
  bar.value = Math.min(count, threshold);
  bar.textContent = text;
  box.querySelector('.threshold-text').textContent = text;
}

/** The threshold is reached: the badge shows, and the days left no longer matter. */
export function markReached(scope, count) {
  const box = scope?.querySelector('.threshold');
  if (!box) return;
  showProgress(scope, count);
  box.classList.add('threshold-reached');
  box.querySelector('.threshold-badge').hidden = false;
  box.querySelector('.closes-in')?.remove();
}

/**
 * Support stages (issue #20): the idea reached a stage (an idea.stage_reached event), so its bar
 * runs to the next one's target with the new deadline's days left; after the last stage, to the
 * threshold, which it has reached.
 */
export function moveStage(scope, data) {
  const box = scope?.querySelector('.threshold[data-stage]');
  if (!box) return;
  if (data.next == null) {
    delete box.dataset.stage;
    box.querySelector('.closes-in')?.remove();
  } else {
    box.dataset.threshold = data.next;
    box.querySelector('progress').max = data.next;
    box.dataset.stage = String(data.stage + 1);
    const days = Math.max(0, Math.ceil((Date.parse(data.deadline) - Date.now()) / 86400000));
    const left = box.querySelector('.closes-in');
    if (left) left.textContent = t('idea.daysLeft', { count: days, days });
  }
  showProgress(scope, data.supportCount);
}
