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
  const text = progressText(count, threshold);
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
