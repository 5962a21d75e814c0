// The reply composer: a Reply button opens it docked at the bottom (full screen on phones) for the
// thread or for one post; it previews through the server's own Markdown pipeline, keeps a draft per
// thread and parent in localStorage until the reply is posted, completes @mentions from a listbox
// driven by the keyboard, and adds images (button, paste, drag and drop) as ![alt](url). Without
// this file the page's plain reply forms do all of it but the extras. The thread page and an idea's
// page (its discussion is a thread) both carry it; the idea page has no live tree to add the reply
// to, so a posted reply takes the reader to it there (data-lands-on).
import { api, csrfToken } from './live.js';
import { t, lang, has } from './texts.js';

const composer = document.getElementById('composer');
const threadEl = document.querySelector('.thread[data-thread-id], .idea[data-idea-id]');
if (composer && threadEl) {
  const threadId = Number(composer.dataset.threadId);
  const form = composer.querySelector('.composer-form');
  const heading = composer.querySelector('#composer-heading');
  const textarea = composer.querySelector('#composer-body');
  const parentInput = form.querySelector('input[name=parentId]');
  const listbox = composer.querySelector('#composer-mentions');
  const preview = composer.querySelector('#composer-preview');
  const previewToggle = composer.querySelector('.composer-preview-toggle');
  const fileInput = composer.querySelector('#composer-file');
  const status = composer.querySelector('.composer-status');
  const error = composer.querySelector('.composer-error');
  const submit = composer.querySelector('.composer-submit');
  let opener = null;
  let parentId = null;

  // Drafts: one per thread and parent post, so a half-written answer to one post never lands
  // under another.
  const draftKey = () => `cocreate.draft.t${threadId}.${parentId ? `p${parentId}` : 'thread'}`;
  const storage = (() => {
    try { return window.localStorage; } catch { return null; }
  })();
  const readDraft = () => storage?.getItem(draftKey()) || '';
  const saveDraft = () => {
    if (!storage) return;
    try {
      if (textarea.value) storage.setItem(draftKey(), textarea.value); else storage.removeItem(draftKey());
    } catch { /* storage full or refused: the draft simply is not kept */ }
  };

  const say = (text) => { status.textContent = text; };
  const showError = (text) => {
    error.hidden = !text;
    error.textContent = text || '';
    if (text) textarea.setAttribute('aria-invalid', 'true'); else textarea.removeAttribute('aria-invalid');
  };

  function open(forParent, title, trigger) {
    if (!composer.hidden && parentId !== forParent) saveDraft();
    parentId = forParent;
    opener = trigger;
    parentInput.value = forParent ?? '';
    heading.textContent = title;
    textarea.value = readDraft();
    setPreview(false);
    showError('');
    closeMentions();
    composer.hidden = false;
    document.body.classList.add('composer-open');
    say(textarea.value ? t('composer.draftRestored') : '');
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  function close() {
    saveDraft();
    composer.hidden = true;
    document.body.classList.remove('composer-open');
    closeMentions();
    if (opener && opener.isConnected) opener.focus();
  }

  // The thread's own reply box becomes a Reply button; its form stays for when the script is gone.
  const threadReply = threadEl.querySelector('.reply-to-thread');
  if (threadReply) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'composer-open-button';
    button.textContent = t('composer.reply');
    // Unless the server sent it back refused: its error and the reader's draft stay in sight.
    const plain = threadReply.querySelector('form');
    if (plain && !plain.querySelector('.form-error')) plain.setAttribute('hidden', '');
    threadReply.append(button);
    button.addEventListener('click', () => open(null, t('composer.replyToThread'), button));
  }

  // Each post's "Reply" opens the composer for that post instead of the small inline box.
  threadEl.addEventListener('click', (e) => {
    const summary = e.target.closest('details.reply-box > summary');
    if (!summary) return;
    e.preventDefault();
    const box = summary.parentElement;
    const post = box.closest('li.post');
    const label = box.querySelector('label')?.textContent || t('composer.replyToThread');
    open(Number(post.dataset.postId), label, summary);
  });

  composer.querySelector('.composer-close').addEventListener('click', close);
  composer.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && listbox.hidden) { e.preventDefault(); close(); }
  });

  // Preview: the server renders it exactly as it will render the post.
  async function setPreview(on) {
    previewToggle.setAttribute('aria-pressed', String(on));
    if (!on) {
      preview.hidden = true;
      textarea.closest('.composer-write').hidden = false;
      return;
    }
    say(t('composer.previewLoading'));
    try {
      const res = await api('POST', '/api/preview', { body: textarea.value });
      // Sanitized by the server, as every post body is.
      preview.innerHTML = res.html || `<p>${t('composer.previewEmpty')}</p>`;
      preview.hidden = false;
      textarea.closest('.composer-write').hidden = true;
      say(t('composer.previewShown'));
    } catch (err) {
      previewToggle.setAttribute('aria-pressed', 'false');
      say('');
      showError(err.message);
    }
  }
  previewToggle.addEventListener('click', () => setPreview(previewToggle.getAttribute('aria-pressed') !== 'true'));

  // @mention completion: a listbox under the box, its active option named by aria-activedescendant.
  let candidates = [];
  let active = -1;
  let lookup = 0;
  let lookupTimer = null;

  function mentionAtCaret() {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const m = /(^|[^\w@])@([a-z0-9_-]{1,32})$/i.exec(before);
    return m ? { prefix: m[2], start: before.length - m[2].length - 1 } : null;
  }

  function closeMentions() {
    candidates = [];
    active = -1;
    listbox.hidden = true;
    listbox.replaceChildren();
    textarea.removeAttribute('aria-activedescendant');
  }

  function renderMentions() {
    listbox.replaceChildren();
    candidates.forEach((u, i) => {
      const li = document.createElement('li');
      li.id = `composer-mention-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === active));
      li.dataset.username = u.username;
      const name = document.createElement('span');
      name.textContent = u.displayName;
      const handle = document.createElement('span');
      handle.className = 'muted';
      handle.textContent = ` @${u.username}`;
      li.append(name, handle);
      listbox.append(li);
    });
    listbox.hidden = candidates.length === 0;
    if (active >= 0) textarea.setAttribute('aria-activedescendant', `composer-mention-${active}`);
    else textarea.removeAttribute('aria-activedescendant');
  }

  async function findMentions() {
    const at = mentionAtCaret();
    if (!at) { closeMentions(); return; }
    const mine = ++lookup;
    try {
      const res = await api('GET', `/api/users?prefix=${encodeURIComponent(at.prefix.toLowerCase())}`);
      if (mine !== lookup) return;
      candidates = res.items || [];
      active = candidates.length ? 0 : -1;
      renderMentions();
      say(candidates.length ? t('composer.mentionsFound', { count: candidates.length }) : '');
    } catch {
      closeMentions();
    }
  }

  function pickMention(index) {
    const at = mentionAtCaret();
    const user = candidates[index];
    if (!at || !user) { closeMentions(); return; }
    const caret = textarea.selectionStart;
    const insert = `@${user.username} `;
    textarea.setRangeText(insert, at.start, caret, 'end');
    closeMentions();
    saveDraft();
    say(t('composer.mentionAdded', { name: user.displayName }));
    textarea.focus();
  }

  textarea.addEventListener('keydown', (e) => {
    if (listbox.hidden || candidates.length === 0) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + candidates.length) % candidates.length;
      renderMentions();
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pickMention(active < 0 ? 0 : active);
    } else if (e.key === 'Escape') {
      // Closes the list only; a second Escape closes the composer.
      e.preventDefault();
      e.stopPropagation();
      closeMentions();
    }
  });
  // mousedown, not click: the box keeps its focus and caret.
  listbox.addEventListener('mousedown', (e) => {
    const option = e.target.closest('[role=option]');
    if (!option) return;
    e.preventDefault();
    pickMention(Number(option.id.split('-').pop()));
  });

  textarea.addEventListener('input', () => {
    saveDraft();
    showError('');
    clearTimeout(lookupTimer);
    lookupTimer = setTimeout(findMentions, 150);
  });

  // Images: the button, a paste, or files dropped on the composer.
  function altFrom(name) {
    const base = String(name || '').replace(/\.[^.]*$/, '').replace(/[[\]\\\n\r]/g, ' ').trim();
    return base || t('composer.imageAlt');
  }

  async function uploadImage(file) {
    showError('');
    // Uploads take PDFs too (an idea's iteration attaches them), but a post shows images only.
    if (file.type && !file.type.startsWith('image/')) {
      showError(t('composer.notImage'));
      return;
    }
    say(t('composer.uploading', { name: file.name || t('composer.imageAlt') }));
    const data = new FormData();
    data.append('file', file, file.name || 'image');
    let res;
    try {
      res = await fetch('/api/uploads', {
        method: 'POST', credentials: 'same-origin', body: data,
        headers: { 'X-CSRF-Token': csrfToken(), Accept: 'application/json' },
      });
    } catch {
      say('');
      showError(t('composer.uploadFailed'));
      return;
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      say('');
      const kind = res.status === 413 ? 'composer.tooLarge' : res.status === 415 ? 'composer.notImage'
        : res.status === 429 ? 'composer.tooMany' : null;
      showError(kind ? t(kind) : (lang === 'en' && body?.detail) || t('composer.uploadFailed'));
      return;
    }
    if (!String(body?.mediaType).startsWith('image/')) {
      say('');
      showError(t('composer.notImage'));
      return;
    }
    const markdown = `![${altFrom(file.name)}](${body.url})`;
    const start = textarea.selectionStart;
    const before = textarea.value.slice(0, start);
    const gap = before && !before.endsWith('\n') ? '\n' : '';
    textarea.setRangeText(`${gap}${markdown}\n`, start, textarea.selectionEnd, 'end');
    saveDraft();
    say(t('composer.uploaded'));
    textarea.focus();
  }

  const uploadAll = (files) => { for (const f of files) uploadImage(f); };
  composer.querySelector('.composer-image').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    uploadAll([...fileInput.files]);
    fileInput.value = '';
  });
  textarea.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files || [])];
    if (files.length === 0) return;
    e.preventDefault();
    uploadAll(files);
  });
  composer.addEventListener('dragover', (e) => {
    if ([...(e.dataTransfer?.types || [])].includes('Files')) { e.preventDefault(); composer.classList.add('is-dropping'); }
  });
  composer.addEventListener('dragleave', () => composer.classList.remove('is-dropping'));
  composer.addEventListener('drop', (e) => {
    composer.classList.remove('is-dropping');
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length === 0) return;
    e.preventDefault();
    uploadAll(files);
  });

  // Posting: through the API; the draft goes once the reply is in.
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    e.stopPropagation();
    if (!textarea.value.trim()) { showError(t('composer.empty')); textarea.focus(); return; }
    submit.disabled = true;
    try {
      const body = { body: textarea.value };
      if (parentId) body.parentId = parentId;
      const post = await api('POST', `/api/threads/${threadId}/posts`, body);
      textarea.value = '';
      storage?.removeItem(draftKey());
      composer.hidden = true;
      document.body.classList.remove('composer-open');
      if (composer.dataset.landsOn) {
        window.location.assign(`${composer.dataset.landsOn}/p/${post.parentId ?? post.id}#p${post.id}`);
      } else {
        document.dispatchEvent(new CustomEvent('cocreate:post-created', { detail: post }));
      }
    } catch (err) {
      const kind = `problem.${String(err.problem?.type || '').split('/').pop()}`;
      showError(lang === 'en' || !has(kind) ? err.message : t(kind));
    } finally {
      submit.disabled = false;
    }
  });
}
