-- Moderation: flags, the audit log, queue claims and what members are told.

-- A member's report that a post (ideas later) breaks the rules. One open flag per member and
-- target; a moderator resolves it (the content was hidden: the flag is upheld) or rejects it.
-- flagger_id is null for the flags the system raises itself (pre-moderation of first posts).
-- target_author_id is copied at flag time so an author's history ("flags upheld against") is
-- one indexed count, without joining every kind of content.
create table flags (
  id               bigserial primary key,
  target_type      text not null check (target_type in ('post', 'idea')),
  target_id        bigint not null,
  target_author_id bigint references users (id) on delete set null,
  flagger_id       bigint references users (id) on delete cascade,
  reason           text not null check (reason in ('spam', 'abuse', 'off_topic', 'other', 'new_member')),
  note             text,
  state            text not null default 'open' check (state in ('open', 'resolved', 'rejected')),
  created_at       timestamptz not null default now(),
  handled_by       bigint references users (id) on delete set null,
  handled_at       timestamptz,
  check (reason <> 'other' or note is not null),
  check ((state = 'open') = (handled_at is null))
);
create unique index flags_one_open_per_flagger on flags (target_type, target_id, flagger_id) where state = 'open';
create index flags_open_by_age on flags (created_at, id) where state = 'open';
create index flags_target on flags (target_type, target_id, state);
create index flags_target_author on flags (target_author_id, state);

-- Every moderation action, in the same transaction as the action itself. actor_id is null when
-- the system acted (auto-hide after flags, pre-moderation hold). subject_user_id is the member
-- the action concerns (the content's author, or the user acted on) for their history.
create table moderation_log (
  id              bigserial primary key,
  actor_id        bigint references users (id) on delete set null,
  action          text not null,
  target_type     text not null check (target_type in ('post', 'thread', 'user', 'idea')),
  target_id       bigint not null,
  subject_user_id bigint references users (id) on delete set null,
  reason          text,
  details         jsonb not null default '{}',
  created_at      timestamptz not null default now()
);
create index moderation_log_target on moderation_log (target_type, target_id, id desc);
create index moderation_log_subject on moderation_log (subject_user_id, id desc);
create index moderation_log_actor on moderation_log (actor_id, id desc);

-- A moderator working a queue item holds it for a while so two don't work the same one.
create table moderation_claims (
  target_type  text not null,
  target_id    bigint not null,
  moderator_id bigint not null references users (id) on delete cascade,
  expires_at   timestamptz not null,
  primary key (target_type, target_id)
);

-- What a member is told about moderation of their content or account (with the reason):
-- warnings, hidden posts, locked or moved threads, suspensions. Notifications read from here.
create table moderation_notices (
  id          bigserial primary key,
  user_id     bigint not null references users (id) on delete cascade,
  log_id      bigint not null references moderation_log (id) on delete cascade,
  action      text not null,
  target_type text not null,
  target_id   bigint not null,
  reason      text,
  created_at  timestamptz not null default now(),
  read_at     timestamptz
);
create index moderation_notices_user on moderation_notices (user_id, id desc);
