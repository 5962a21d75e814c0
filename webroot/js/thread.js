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
  const NESTED_DEPTH = 8; // forum/PostTree.NESTED_DEPTH
  const PHONE_DEPTH = 4; // forum/PostTree.PHONE_DEPTH
  const controls = tree.querySelector('template.post-controls');
  // The server's placeholders are the API's English; the page says them in its language.
  const placeholder = (html) => (html === '<p>[deleted]</p>' ? `<p>${t('post.deleted')}</p>`
    : html === '<p>[hidden by a moderator]</p>' ? `<p>${t('post.hiddenPlaceholder')}</p>` : html);

  /** The controls the server gives this reader on post `p` (web/ReplyTreeHelper.liveControls). */
  function controlsFor(p) {
    if (!controls) return [];
    const own = me && p.author.username === me;
    const staff = controls.dataset.staff === 'true';
    const holder = document.createElement('template');
    // Server-rendered markup with no member's text in it: only the post id is put in.
    holder.innerHTML = controls.innerHTML.replaceAll('__ID__', String(Number(p.id)));
    const out = [];
    const flag = holder.content.querySelector('.flag-box');
    if (flag && !own) out.push(flag);
    if (!own && !staff) return out;
    const edit = holder.content.querySelector('.edit-link');
    const del = holder.content.querySelector('.delete-form');
    if (edit && !own) out.push(edit); // one's own post gets its edit link below, as before
    if (del) out.push(del);
    return out;
  }

  function renderPost(p, level, flat, parentName) {
    const li = el('li', { class: `post just-arrived${flat ? ' flat' : ''}`, id: `p${p.id}`, 'data-post-id': p.id,
      'data-parent-id': p.parentId ?? '', 'data-depth': p.depth, 'data-level': level });
    const art = el('article', { class: 'post-card', 'aria-labelledby': `p${p.id}-by` });
    const head = el('header', { class: 'post-meta' });
    head.append(el('img', { class: 'avatar', src: `/avatars/${encodeURIComponent(p.author.username)}.svg`, alt: '', width: 32, height: 32 }));
    const by = el('span', { id: `p${p.id}-by` });
    by.append(el('a', { class: 'author', href: `/u/${encodeURIComponent(p.author.username)}` }, p.author.displayName));
    const link = el('a', { class: 'permalink', href: `/t/${threadId}/p/${p.id}#p${p.id}` });
    link.append(el('time', { datetime: p.createdAt }, formatTime(p.createdAt)));
    head.append(by, ' ', link);
    const body = el('div', { class: 'post-body' });
    body.innerHTML = placeholder(p.html);
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
      score.append(el('span', { class: 'score' }, String(p.voteScore)), ' ',
        el('span', { class: 'points-word' }, t('post.points', { count: p.voteScore })));
      foot.append(score);
    }
    if (me && p.author.username === me) {
      foot.append(el('a', { class: 'edit-link', href: `/posts/${p.id}/edit` }, t('post.edit')));
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
    controlsFor(p).forEach((c) => foot.append(c));
    art.append(head);
    if (parentName && (flat || level > PHONE_DEPTH)) {
      const note = el('p', { class: `in-reply-to${flat ? '' : ' past-phone-cap'}` });
      note.append(el('a', { href: `#p${p.parentId}` }, t('post.inReplyTo', { name: parentName })));
      art.append(note);
    }
    art.append(body, foot);
    li.append(art, el('ol', { class: 'replies' }));
    return li;
  }

  // A branch's fold control names how many replies it holds and whose they answer, as the server draws it.
  function countBranch(branch) {
    const count = branch.querySelectorAll('li.post').length;
    const author = branch.parentElement.querySelector(':scope > article .author')?.textContent ?? '';
    branch.querySelector(':scope > summary .fold').textContent = t('post.foldBranch', { count, author });
    branch.querySelector(':scope > summary .unfold').textContent = t('post.unfoldBranch', { count });
  }

  /** A post's first reply turns its empty list into a branch that folds, as the server would have drawn it. */
  function branchOf(parent) {
    const existing = parent.querySelector(':scope > details.branch');
    if (existing) return existing;
    const list = parent.querySelector(':scope > ol.replies');
    const branch = el('details', { class: 'branch', open: '' });
    const summary = el('summary', { class: 'thread-line' });
    summary.append(el('span', { class: 'fold' }), el('span', { class: 'unfold' }));
    list.replaceWith(branch);
    branch.append(summary, list);
    return branch;
  }

  // The same readable UTC form the server renders ("22 Nov 2026, 10:10 UTC", "22 nov. 2026 à 10:10 UTC").
  const dayFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { day: 'numeric', month: 'short', year: 'numeric',
    timeZone: 'UTC' });
  const clockFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { hour: '2-digit', minute: '2-digit', hour12: false,
    timeZone: 'UTC' });
  const formatTime = (iso) => t('dateTime', { date: dayFormat.format(new Date(iso)), time: clockFormat.format(new Date(iso)) });

  /** The post a reply answers, when this page shows it (not another page, not a cut branch). */
  function placeFor(p) {
    return p.parentId ? document.getElementById(`p${p.parentId}`) : null;
  }

  /**
   * Puts a live reply where the server would have: in its parent's branch, or past the nesting
   * cap flat after the parent's last flat descendant, saying whom it answers.
   */
  function insert(p, highlight = true) {
    if (document.getElementById(`p${p.id}`)) return null;
    const parent = p.parentId ? document.getElementById(`p${p.parentId}`) : null;
    if (!parent) return null;
    const parentLevel = Number(parent.dataset.level || 0);
    const flat = parentLevel >= NESTED_DEPTH;
    const parentName = parent.querySelector(':scope > article .author')?.getAttribute('href')?.replace('/u/', '') ?? '';
    const node = renderPost(p, Math.min(parentLevel + 1, NESTED_DEPTH), flat, decodeURIComponent(parentName));
    if (flat) {
      // Flat replies follow their parent in reading order: after the parent's own flat descendants.
      const family = new Set([String(p.parentId)]);
      let last = parent;
      while (last.nextElementSibling?.classList.contains('flat') && family.has(last.nextElementSibling.dataset.parentId)) {
        last = last.nextElementSibling;
        family.add(last.dataset.postId);
      }
      last.after(node);
    } else {
      const branch = branchOf(parent);
      branch.querySelector(':scope > ol.replies').append(node);
    }
    for (let b = node.parentElement.closest('details.branch'); b; b = b.parentElement.closest('details.branch')) countBranch(b);
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

  // Who is viewing and typing, as the last presence message said, less whoever has posted since:
  // their reply is here, so they are not typing it any more.
  let presence = null;
  function showPresence() {
    if (!presence) return;
    presenceEl.hidden = false;
    const { typing } = presence;
    const typingText = typing.length === 0 ? '' : ` · ${t('thread.typing', { count: typing.length, names: typing.join(', ') })}`;
    presenceEl.textContent = `${t('thread.viewing', { count: presence.viewers })}${typingText}`;
  }

  function onPostCreated(p) {
    if (presence && p.author && presence.typing.includes(p.author.displayName)) {
      presence.typing = presence.typing.filter((n) => n !== p.author.displayName);
      showPresence();
    }
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
        if (d.html !== undefined) body.innerHTML = placeholder(d.html); else body.textContent = t('post.deleted');
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
        const word = node?.querySelector(':scope > article .points-word');
        if (word) word.textContent = t('post.points', { count: d.voteScore });
        break;
      }
      case 'post.hidden': {
        // The event carries no content: reread the post as this reader may see it.
        const node = document.getElementById(`p${d.id}`);
        if (!node) break;
        api('GET', `/api/posts/${d.id}`).then((p) => {
          node.classList.toggle('is-hidden', p.hidden);
          node.querySelector(':scope > article .post-body').innerHTML = placeholder(p.html);
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
        presence = { viewers: msg.viewers, typing: (msg.typing || []).filter((n) => n !== myName) };
        showPresence();
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

  // A reply posted from the composer (composer.js) takes its place at once, as one from a reply box does.
  document.addEventListener('cocreate:post-created', (e) => {
    const post = e.detail;
    onEvent({ type: 'post.created', data: post });
    const node = document.getElementById(`p${post.id}`);
    if (node) { node.setAttribute('tabindex', '-1'); node.focus(); }
  });

  window.cocreateLive = live;
}
