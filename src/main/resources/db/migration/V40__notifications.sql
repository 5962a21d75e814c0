-- Notifications, watches, e-mail digests and full text search over the forum.

-- What a member is told about. One unread row per (member, kind, target): a second reply in the
-- same thread while the first is unread raises count and moves the row up instead of adding one,
-- so a busy thread says "5 new replies" once. Reading it lets the next event start a new row.
create table notifications (
  id          bigserial primary key,
  user_id     bigint not null references users (id) on delete cascade,
  kind        text not null,
  target_type text not null,
  target_id   bigint not null,
  actor_id    bigint references users (id) on delete set null,
  count       integer not null default 1,
  data        jsonb not null default '{}',
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  read_at     timestamptz
);
create unique index notifications_unread_once on notifications (user_id, kind, target_type, target_id) where read_at is null;
create index notifications_user_recent on notifications (user_id, updated_at desc, id desc);

-- How closely a member follows a thread or challenge. No row means 'tracking' (replies to them
-- and mentions only); 'watching' is every post, 'muted' nothing at all.
create table watches (
  user_id     bigint not null references users (id) on delete cascade,
  target_type text not null check (target_type in ('thread', 'challenge')),
  target_id   bigint not null,
  level       text not null check (level in ('watching', 'tracking', 'muted')),
  created_at  timestamptz not null default now(),
  primary key (user_id, target_type, target_id)
);
create index watches_watching on watches (target_type, target_id) where level = 'watching';

-- E-mail digests of unread notifications, opt-in. digest_sent_at is also the claim that makes
-- one node (of several) send a member's digest: see notify/DigestService.
alter table users
  add column digest_frequency text not null default 'off' check (digest_frequency in ('off', 'daily', 'weekly')),
  add column digest_sent_at timestamptz;
create index users_digest_due on users (digest_sent_at nulls first) where digest_frequency <> 'off';

-- Full text search: titles weigh 'A', bodies 'B', so a title match ranks above a body match.
alter table threads add column search tsvector
  generated always as (setweight(to_tsvector('english', title), 'A')) stored;
alter table posts add column search tsvector
  generated always as (setweight(to_tsvector('english', body), 'B')) stored;
create index threads_search on threads using gin (search);
create index posts_search on posts using gin (search);
