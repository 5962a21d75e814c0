// Follow and unread (task C). The follow control saves in place: the same choice the form posts to
// /watch, sent to the API, with the outcome said in the form's status region.
import { api } from './live.js';
import { t } from './texts.js';

const paths = { thread: 'threads', challenge: 'challenges', idea: 'ideas' };

document.addEventListener('submit', async (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('watch-form')) return;
  const kind = paths[form.dataset.watchType];
  if (!kind) return;
  e.preventDefault();
  const select = form.querySelector('select[name="level"]');
  const status = form.querySelector('.watch-status');
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    await api('PUT', `/api/${kind}/${form.dataset.watchId}/watch`, { level: select.value });
    status.textContent = t('watch.saved', { level: select.selectedOptions[0].textContent });
  } catch (err) {
    status.textContent = t('watch.failed', { reason: err.message });
  } finally {
    button.disabled = false;
  }
});
