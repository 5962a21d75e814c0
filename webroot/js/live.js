// A live connection to /live that never loses an event: it remembers the last event id it saw
// and resumes from it with `since` after every reconnect (with backoff and jitter).
import { t, has, lang } from './texts.js';

export class LiveConnection {
  constructor({ topics, since = null, onEvent, onState = () => {}, onMessage = () => {}, presence = false }) {
    this.topics = topics;
    this.presence = presence;
    this.lastId = since;
    this.onEvent = onEvent;
    this.onState = onState;
    this.onMessage = onMessage;
    this.attempt = 0;
    this.closed = false;
    this.socket = null;
  }

  start() {
    this.connect();
    window.addEventListener('online', () => { if (!this.socket) this.connect(); });
    return this;
  }

  connect() {
    if (this.closed) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/live`);
    this.socket = socket;
    this.onState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    socket.addEventListener('open', () => {
      const msg = { op: 'subscribe', topics: this.topics };
      if (this.presence) msg.presence = true;
      if (this.lastId !== null && this.lastId !== undefined) msg.since = this.lastId;
      socket.send(JSON.stringify(msg));
    });
    socket.addEventListener('message', (e) => {
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      if (msg.op === 'subscribed') {
        this.attempt = 0;
        if (this.lastId === null || this.lastId === undefined) this.lastId = msg.position;
        this.onState('live');
      } else if (msg.op === 'event') {
        if (this.lastId !== null && msg.id <= this.lastId) return;
        this.lastId = msg.id;
        this.onEvent(msg);
      } else {
        this.onMessage(msg);
      }
    });
    socket.addEventListener('close', () => {
      this.socket = null;
      if (this.closed) return;
      this.onState(navigator.onLine === false ? 'offline' : 'reconnecting');
      const base = Math.min(30000, 1000 * 2 ** Math.min(this.attempt, 5));
      this.attempt += 1;
      setTimeout(() => this.connect(), base / 2 + Math.random() * base / 2);
    });
  }

  send(msg) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  stop() {
    this.closed = true;
    if (this.socket) this.socket.close(1000);
  }
}

export const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? '';

/** Calls the JSON API as the signed-in page (cookie session + CSRF header). */
export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken(), Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    // The API's problem texts are English, a machine contract; a page in another language says what
    // kind of problem it was, from the problem's type.
    const kind = `problem.${String(data?.type || '').split('/').pop()}`;
    const err = new Error(lang === 'en' ? (data?.detail || res.statusText) : t(has(kind) ? kind : 'problem.other'));
    err.problem = data;
    err.status = res.status;
    throw err;
  }
  return data;
}

export function announce(region, text) {
  if (!region) return;
  region.hidden = false;
  region.textContent = text;
}
