// Live thread page: new replies appear at their place in the tree, scores and edits update in
// place, and nothing jumps under the reader's eyes. The page works fully without this file.
import { LiveConnection, api, announce } from './live.js';
import { t, lang } from './texts.js';

const threadEl = document.querySelector('.thread[data-thread-id]');
if (threadEl) {
  const threadId = Number(threadEl.dataset.threadId);
  const position = threadEl.dataset.position ? Number(threadEl.dataset.position) : null;
  const tree = threadEl.querySelector('.post-tree');
  const stateEl = threadEl.querySelector('.live-state');
  const presenceEl = threadEl.querySelector('.presence');
  const banner = threadEl.querySelector('.new-replies');
  const replyCountEl = threadEl.querySelector('.reply-count');
  const me = document.querySelector('meta[name="me"]')?.content || null;
  const myName = document.querySelector('meta[name="me-name"]')?.content || null;
  const queued = [];

  const stateText = { connecting: t('live.connecting'), live: t('live.live'), reconnecting: t('live.reconnecting'),
    offline: t('live.offline') };
  const setState = (s) => {
    stateEl.hidden = false;
    stateEl.dataset.state = s;
    stateEl.textContent = stateText[s] || s;
  };

  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  // Mirrors the server's markup (web/ReplyTreeHelper.java); every user-supplied value goes through textContent,
  // except `html`, which the server rendered and sanitized.
  function renderPost(p) {
    const li = el('li', { class: 'post just-arrived', id: `p${p.id}`, 'data-post-id': p.id, 'data-parent-id': p.parentId ?? '', 'data-depth': p.depth });
    const art = el('article', { class: 'post-card', 'aria-labelledby': `p${p.id}-by` });
    const head = el('header', { class: 'post-meta' });
    const by = el('span', { id: `p${p.id}-by` });
    by.append(el('a', { class: 'author', href: `/u/${encodeURIComponent(p.author.username)}` }, p.author.displayName));
    const link = el('a', { class: 'permalink', href: `/t/${threadId}/p/${p.id}#p${p.id}` });
    link.append(el('time', { datetime: p.createdAt }, formatTime(p.createdAt)));
    head.append(by, ' ', link);
    const body = el('div', { class: 'post-body' });
    body.innerHTML = p.html;
    const foot = el('footer', { class: 'post-actions' });
    const voteTemplate = tree.querySelector('form.vote-form');
    if (voteTemplate && me && p.author.username !== me) {
      // Same form as the server renders, reset for this post: nobody has voted on a new reply yet.
      const vote = voteTemplate.cloneNode(true);
      vote.action = `/posts/${p.id}/vote`;
      vote.dataset.postId = p.id;
      vote.querySelector('.score').textContent = String(p.voteScore);
      const up = vote.querySelector('.vote.up');
      const down = vote.querySelector('.vote.down');
      up.value = '1';
      down.value = '-1';
      up.setAttribute('aria-pressed', 'false');
      down.setAttribute('aria-pressed', 'false');
      up.setAttribute('aria-label', t('post.upvote', { author: p.author.displayName }));
      down.setAttribute('aria-label', t('post.downvote', { author: p.author.displayName }));
      foot.append(vote);
    } else {
      const score = el('span', { class: 'score-static' });
      score.append(el('span', { class: 'score' }, String(p.voteScore)), ` ${t('post.points')}`);
      foot.append(score);
    }
    if (me && p.author.username === me) {
      foot.append(el('a', { href: `/posts/${p.id}/edit` }, t('post.edit')));
    }
    const template = document.querySelector('#p' + (p.parentId ?? '') + ' > article .reply-box') || tree.querySelector('.reply-box');
    if (template) {
      const box = template.cloneNode(true);
      box.open = false;
      const form = box.querySelector('form');
      // The box may be cloned mid-submit: start the copy clean.
      form.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      form.querySelectorAll('.form-error').forEach((n) => n.remove());
      form.querySelector('input[name=parentId]').value = p.id;
      const ta = form.querySelector('textarea');
      ta.id = `reply-${p.id}`;
      ta.value = '';
      const label = form.querySelector('label');
      label.htmlFor = ta.id;
      label.textContent = t('post.replyTo', { author: p.author.displayName });
      foot.append(box);
    }
    art.append(head, body, foot);
    li.append(art, el('ol', { class: 'replies' }));
    return li;
  }

  // The same readable UTC form the server renders ("22 Nov 2026, 10:10 UTC", "22 nov. 2026 à 10:10 UTC").
  const dayFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { day: 'numeric', month: 'short', year: 'numeric',
    timeZone: 'UTC' });
  const clockFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { hour: '2-digit', minute: '2-digit', hour12: false,
    timeZone: 'UTC' });
  const formatTime = (iso) => t('dateTime', { date: dayFormat.format(new Date(iso)), time: clockFormat.format(new Date(iso)) });

  function placeFor(p) {
    const parent = p.parentId ? document.getElementById(`p${p.parentId}`) : null;
    return parent ? parent.querySelector(':scope > ol.replies') : null;
  }

  function insert(p, highlight = true) {
    if (document.getElementById(`p${p.id}`)) return null;
    const list = placeFor(p);
    if (!list) return null;
    const node = renderPost(p);
    list.append(node);
    if (highlight) setTimeout(() => node.classList.remove('just-arrived'), 2500);
    return node;
  }

  function showBanner() {
    if (queued.length === 0) { banner.hidden = true; return; }
    banner.hidden = false;
    banner.querySelector('button').textContent = t('thread.newReplies', { count: queued.length });
  }

  banner?.querySelector('button')?.addEventListener('click', () => {
    let first = null;
    while (queued.length) { const n = insert(queued.shift()); first = first || n; }
    showBanner();
    if (first) { first.setAttribute('tabindex', '-1'); first.focus(); }
  });

  function onPostCreated(p) {
    if (replyCountEl) {
      const count = Number(replyCountEl.textContent || 0) + 1;
      replyCountEl.textContent = String(count);
      const word = threadEl.querySelector('.reply-word');
      if (word) word.textContent = t('thread.repliesWord', { count });
    }
    const list = placeFor(p);
    if (!list) return; // its parent is not on this page (another page or a collapsed branch)
    // Inserting above what the reader is looking at would push the text down under their eyes.
    const above = list.getBoundingClientRect().bottom < 0;
    const typing = document.activeElement && document.activeElement.tagName === 'TEXTAREA';
    if (above || typing) {
      queued.push(p);
      showBanner();
    } else {
      insert(p);
    }
  }

  function onEvent(ev) {
    const d = ev.data || {};
    switch (ev.type) {
      case 'post.created': onPostCreated(d); break;
      case 'post.edited': {
        const node = document.getElementById(`p${d.id}`);
        if (!node) break;
        node.querySelector(':scope > article .post-body').innerHTML = d.html;
        const meta = node.querySelector(':scope > article .post-meta');
        if (!meta.querySelector('.edited')) meta.append(' ', el('a', { class: 'edited', href: `/posts/${d.id}/revisions` }, t('post.edited')));
        break;
      }
      case 'post.deleted': {
        const node = document.getElementById(`p${d.id ?? d.postId}`);
        if (!node) break;
        node.classList.add('is-deleted');
        const body = node.querySelector(':scope > article .post-body');
        if (d.html !== undefined) body.innerHTML = d.html; else body.textContent = t('post.deleted');
        break;
      }
      case 'post.restored': {
        const node = document.getElementById(`p${d.id}`);
        if (!node) break;
        node.classList.remove('is-deleted');
        node.querySelector(':scope > article .post-body').innerHTML = d.html;
        break;
      }
      case 'post.voted': {
        const node = document.getElementById(`p${d.postId ?? d.id}`);
        const s = node?.querySelector(':scope > article .score');
        if (s) s.textContent = String(d.voteScore);
        break;
      }
      case 'post.hidden': {
        // The event carries no content: reread the post as this reader may see it.
        const node = document.getElementById(`p${d.id}`);
        if (!node) break;
        api('GET', `/api/posts/${d.id}`).then((p) => {
          node.classList.toggle('is-hidden', p.hidden);
          node.querySelector(':scope > article .post-body').innerHTML = p.html;
          if (p.hidden && p.author.username !== me) node.querySelector(':scope > article .flag-box')?.remove();
        }).catch(() => {});
        break;
      }
      case 'thread.locked': {
        if (d.locked === false) break;
        threadEl.querySelectorAll('.reply-box, .reply-to-thread').forEach((n) => n.remove());
        break;
      }
      default: break;
    }
  }

  const live = new LiveConnection({
    topics: [`thread:${threadId}`],
    since: position,
    presence: true,
    onEvent,
    onState: setState,
    onMessage: (msg) => {
      if (msg.op === 'presence' && presenceEl) {
        presenceEl.hidden = false;
        const typing = (msg.typing || []).filter((n) => n !== myName);
        const typingText = typing.length === 0 ? '' : ` · ${t('thread.typing', { count: typing.length, names: typing.join(', ') })}`;
        presenceEl.textContent = `${t('thread.viewing', { count: msg.viewers })}${typingText}`;
      }
    },
  }).start();

  // Typing indicator: at most one signal every 3 seconds while a reply box has input.
  let lastTyping = 0;
  threadEl.addEventListener('input', (e) => {
    if (e.target.tagName !== 'TEXTAREA') return;
    const now = Date.now();
    if (now - lastTyping > 3000) { lastTyping = now; live.send({ op: 'typing', topic: `thread:${threadId}` }); }
  });

  // With JavaScript, replies and votes go through the API without a page reload; the live event
  // then puts the reply in place for everyone, including the author.
  threadEl.addEventListener('submit', async (e) => {
    const form = e.target;
    if (form.classList.contains('reply-form')) {
      e.preventDefault();
      const body = form.querySelector('textarea').value;
      const parentId = form.querySelector('input[name=parentId]')?.value;
      const button = form.querySelector('button[type=submit]');
      button.disabled = true;
      try {
        const post = await api('POST', `/api/threads/${threadId}/posts`, parentId ? { body, parentId: Number(parentId) } : { body });
        form.querySelector('textarea').value = '';
        const box = form.closest('details');
        if (box) box.open = false;
        form.querySelector('.form-error')?.remove();
        onEvent({ type: 'post.created', data: post });
        const node = document.getElementById(`p${post.id}`);
        if (node) { node.setAttribute('tabindex', '-1'); node.focus(); }
      } catch (err) {
        let msg = form.querySelector('.form-error');
        if (!msg) { msg = el('p', { class: 'form-error', role: 'alert' }); form.prepend(msg); }
        msg.textContent = err.message;
      } finally {
        button.disabled = false;
      }
    } else if (form.classList.contains('vote-form')) {
      e.preventDefault();
      const button = e.submitter;
      if (!button) return;
      try {
        const res = await api('PUT', `/api/posts/${form.dataset.postId}/vote`, { value: Number(button.value) });
        form.querySelector('.score').textContent = String(res.voteScore);
        const up = form.querySelector('.vote.up');
        const down = form.querySelector('.vote.down');
        up.setAttribute('aria-pressed', String(res.myVote === 1));
        down.setAttribute('aria-pressed', String(res.myVote === -1));
        up.value = res.myVote === 1 ? '0' : '1';
        down.value = res.myVote === -1 ? '0' : '-1';
      } catch (err) {
        announce(stateEl, err.message);
      }
    }
  });

  window.cocreateLive = live;
}
