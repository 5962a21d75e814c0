// Submit-an-idea form: while the title or pitch is typed, shows ideas already submitted that look
// alike, so members support an existing idea instead of posting a duplicate. The form works
// without this file.
import { api } from './live.js';
import { t } from './texts.js';

const form = document.querySelector('form.idea-form[data-challenge-id]');
const region = document.getElementById('similar-ideas');
if (form && region) {
  const challengeId = form.dataset.challengeId;
  const title = form.querySelector('#title');
  const pitch = form.querySelector('#pitch');
  let timer = null;
  let asked = '';
  let seq = 0;

  function show(items) {
    region.replaceChildren();
    if (items.length === 0) return;
    const h = document.createElement('h2');
    h.textContent = t('ideaForm.similar');
    const hint = document.createElement('p');
    hint.className = 'help';
    hint.textContent = t('ideaForm.similarHint');
    const ul = document.createElement('ul');
    for (const idea of items) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `/i/${idea.id}`;
      a.textContent = idea.title;
      li.append(a, ` · ${t('ideaForm.supportCount', { count: idea.supportCount })}`);
      ul.append(li);
    }
    region.append(h, hint, ul);
  }

  async function lookUp() {
    const text = `${title.value} ${pitch.value}`.trim().slice(0, 500);
    if (text.length < 3 || text === asked) return;
    asked = text;
    const mine = ++seq;
    try {
      const res = await api('GET', `/api/challenges/${challengeId}/similar?text=${encodeURIComponent(text)}`);
      if (mine === seq) show(res.items || []);
    } catch {
      // Hints are a convenience: a failed look-up leaves the form as it is.
    }
  }

  const onInput = () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 300);
  };
  title.addEventListener('input', onInput);
  pitch.addEventListener('input', onInput);
}
