// Challenge page: a countdown to the deadline and a leaderboard that follows the challenge live.
// The page works fully without this file: the server rendered the date and the sorted ideas.
import { LiveConnection } from './live.js';
import { t } from './texts.js';
import { markReached, moveStage, progressText, showProgress } from './threshold.js';

const DAY = 86400000;
const HOUR = 3600000;
const MINUTE = 60000;

/** "closes in 3 days 4 h", "closes in 2 h 5 min", "closed". */
export function countdownText(ms) {
  if (ms <= 0) return t('countdown.closed');
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  const m = Math.floor((ms % HOUR) / MINUTE);
  if (d > 0) return t('countdown.days', { count: d, h });
  if (h > 0) return t('countdown.hours', { h, m });
  return t('countdown.minutes', { m: Math.max(1, m) });
}

function startCountdowns() {
  const nodes = [...document.querySelectorAll('.countdown[data-closes-at]')];
  if (nodes.length === 0) return;
  const tick = () => nodes.forEach((n) => { n.textContent = countdownText(Date.parse(n.dataset.closesAt) - Date.now()); });
  tick();
  setInterval(tick, 30000);
}

startCountdowns();

// On a phone the brief's later sections fold away, so the ideas are not screens below it; the
// summary opens them. Without this file they stay open, as the server sends them.
if (window.matchMedia('(max-width: 40rem)').matches) {
  document.querySelectorAll('details.brief-more[open]').forEach((d) => { d.open = false; });
}

const root = document.querySelector('.challenge[data-challenge-id]');
if (root) {
  const challengeId = Number(root.dataset.challengeId);
  const position = root.dataset.position ? Number(root.dataset.position) : null;
  const list = root.querySelector('.idea-list');
  const stateEl = root.querySelector('.live-state');
  const banner = root.querySelector('.new-ideas');
  const ideasStat = root.querySelector('.stat-ideas');
  const supportsStat = root.querySelector('.stat-supports');
  const queued = [];
  const stateText = { connecting: t('live.connecting'), live: t('live.live'), reconnecting: t('live.reconnecting'),
    offline: t('live.offline') };
  const statusLabel = (status) => t(`ideaStatus.${status}`);

  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const bump = (node, by) => { if (node) node.textContent = String(Number(node.textContent || 0) + by); };

  // Mirrors templates/partials/idea-card.hbs; every user-supplied value goes through textContent.
  function renderIdea(idea) {
    const li = el('li', { class: 'card idea-card just-arrived', id: `idea-${idea.id}`, 'data-idea-id': idea.id,
      'data-support-count': idea.supportCount });
    const support = el('div', { class: 'idea-support' });
    support.append(el('span', { class: 'support-count' }, String(idea.supportCount)),
      el('span', { class: 'support-label' }, t('idea.supportLabel', { count: idea.supportCount })));
    const template = list.querySelector('form.support-form');
    if (template) {
      // The same form the server renders, pointed at this idea: nobody supports a new idea yet.
      const form = template.cloneNode(true);
      form.action = `/i/${idea.id}/support`;
      form.dataset.ideaId = idea.id;
      form.querySelector('input[name=back]').value = `${location.pathname}#idea-${idea.id}`;
      const button = form.querySelector('button');
      button.value = 'support';
      button.className = '';
      button.setAttribute('aria-pressed', 'false');
      button.textContent = t('idea.support');
      button.append(el('span', { class: 'visually-hidden' }, ` ${idea.title}`));
      support.append(form);
    }
    const main = el('div', { class: 'idea-main' });
    const h = el('h3', { class: 'idea-title' });
    h.append(el('a', { href: `/i/${idea.id}` }, idea.title));
    const by = el('p', { class: 'muted' }, `${t('common.by')} `);
    by.append(el('a', { href: `/u/${encodeURIComponent(idea.author.username)}` }, idea.author.displayName), ' · ',
      el('span', { class: `badge status status-${idea.status}` }, statusLabel(idea.status)));
    main.append(h, el('p', { class: 'idea-pitch' }, idea.pitch), by);
    if (idea.supportThreshold) main.append(renderThreshold(idea));
    li.append(support, main);
    return li;
  }

  // Mirrors templates/partials/threshold.hbs for a new idea (no supporters yet, no days shown).
  function renderThreshold(idea) {
    const text = progressText(idea.supportCount, idea.supportThreshold);
    const box = el('div', { class: 'threshold', 'data-threshold': idea.supportThreshold });
    box.append(el('progress', { id: `progress-${idea.id}`, max: idea.supportThreshold, value: idea.supportCount,
      'aria-labelledby': `progress-text-${idea.id}` }, text),
    el('span', { class: 'threshold-text', id: `progress-text-${idea.id}` }, text),
    el('span', { class: 'badge threshold-badge', hidden: '' }, t('idea.thresholdReached')));
    return box;
  }

  /** Moves a card to its place by support, only when its rank changed, and never the one in use. */
  function resort(card) {
    if (card.contains(document.activeElement)) return;
    const count = Number(card.dataset.supportCount);
    const cards = [...list.children].filter((c) => c !== card);
    const before = cards.find((c) => Number(c.dataset.supportCount) < count
      || (Number(c.dataset.supportCount) === count && Number(c.dataset.ideaId) > Number(card.dataset.ideaId)));
    if ((before || null) === card.nextElementSibling) return;
    list.insertBefore(card, before || null);
  }

  function showBanner() {
    banner.hidden = queued.length === 0;
    banner.querySelector('button').textContent = t('challenge.newIdeas', { count: queued.length });
  }

  function place(idea) {
    if (document.getElementById(`idea-${idea.id}`)) return null;
    root.querySelector('.no-ideas')?.remove();
    const card = renderIdea(idea);
    // Newest first puts it on top; the other orders rank it by support, where a new idea starts.
    if (list.dataset.sort === 'recent') list.prepend(card);
    else { list.append(card); resort(card); }
    setTimeout(() => card.classList.remove('just-arrived'), 2500);
    return card;
  }

  banner?.querySelector('button')?.addEventListener('click', () => {
    let first = null;
    while (queued.length) { const c = place(queued.shift()); first = first || c; }
    showBanner();
    if (first) { first.setAttribute('tabindex', '-1'); first.focus(); }
  });

  function onEvent(ev) {
    const d = ev.data || {};
    switch (ev.type) {
      case 'idea.created': {
        bump(ideasStat, 1);
        // A new card would shift the list under a reader who is working in it: offer it instead.
        if (list.contains(document.activeElement) || list.getBoundingClientRect().top < 0) {
          queued.push(d);
          showBanner();
        } else {
          place(d);
        }
        break;
      }
      case 'idea.supported': {
        const card = document.getElementById(`idea-${d.ideaId}`);
        if (!card) break;
        const before = Number(card.dataset.supportCount);
        bump(supportsStat, d.supportCount - before);
        card.dataset.supportCount = d.supportCount;
        card.querySelector('.support-count').textContent = String(d.supportCount);
        card.querySelector('.support-label').textContent = t('idea.supportLabel', { count: d.supportCount });
        showProgress(card, d.supportCount);
        if (d.supportCount === 0 && card.querySelector('.badge.status-merged')) { card.remove(); break; }
        if (list.dataset.sort === 'support') resort(card);
        break;
      }
      case 'idea.stage_reached': {
        moveStage(document.getElementById(`idea-${d.ideaId}`), d);
        break;
      }
      case 'idea.threshold_reached': {
        const card = document.getElementById(`idea-${d.ideaId}`);
        if (!card) break;
        markReached(card, d.supportCount);
        const badge = card.querySelector('.badge.status');
        if (badge && d.status) {
          badge.className = `badge status status-${d.status}`;
          badge.textContent = statusLabel(d.status);
        }
        const title = card.querySelector('.idea-title')?.textContent ?? '';
        stateEl.hidden = false;
        stateEl.textContent = t('idea.thresholdMomentOn', { title });
        break;
      }
      case 'idea.status': {
        const card = document.getElementById(`idea-${d.ideaId}`);
        const badge = card?.querySelector('.badge.status');
        if (!badge) break;
        badge.className = `badge status status-${d.status}`;
        badge.textContent = statusLabel(d.status);
        if (d.status === 'merged') card.remove();
        break;
      }
      case 'challenge.transition':
      case 'challenge.updated':
        stateEl.hidden = false;
        stateEl.textContent = t('challenge.changed');
        break;
      default: break;
    }
  }

  new LiveConnection({
    topics: [`challenge:${challengeId}`],
    since: position,
    onEvent,
    onState: (s) => {
      stateEl.hidden = false;
      stateEl.dataset.state = s;
      stateEl.textContent = stateText[s] || s;
    },
  }).start();
}
