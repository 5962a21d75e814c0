-- What a decided challenge delivered, and the round that follows it (issue #20).

-- A challenge may name the round it follows: a challenge of the same org. One next round per
-- round, so "the next round" of a challenge is one link, not a list.
alter table challenges add column previous_round_id bigint references challenges (id) on delete set null;
create unique index challenges_next_round on challenges (previous_round_id) where previous_round_id is not null;

-- A result the firm reports after deciding: which ideas it carries out, who owns it, its
-- milestones, and where it stands (the latest update's status and progress, kept on the row so a
-- list reads one row per result).
create table results (
  id           bigserial primary key,
  challenge_id bigint not null references challenges (id) on delete cascade,
  title        text not null,
  owner        text not null,
  status       text not null default 'planned' check (status in ('planned', 'in_progress', 'delivered', 'abandoned')),
  progress     integer not null default 0 check (progress between 0 and 100),
  created_by   bigint references users (id) on delete set null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index results_challenge on results (challenge_id, id);

create table result_ideas (
  result_id bigint not null references results (id) on delete cascade,
  idea_id   bigint not null references ideas (id) on delete cascade,
  primary key (result_id, idea_id)
);
create index result_ideas_idea on result_ideas (idea_id);

create table result_milestones (
  result_id bigint not null references results (id) on delete cascade,
  position  integer not null,
  title     text not null,
  due       date not null,
  primary key (result_id, position)
);

-- The timeline: every progress update as the firm posted it, never edited.
create table result_updates (
  id         bigserial primary key,
  result_id  bigint not null references results (id) on delete cascade,
  progress   integer not null check (progress between 0 and 100),
  status     text not null check (status in ('planned', 'in_progress', 'delivered', 'abandoned')),
  note       text not null default '',
  author_id  bigint references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index result_updates_result on result_updates (result_id, id);

-- A supporter's rating of a delivered result: one per member, changed in place.
create table result_ratings (
  result_id  bigint not null references results (id) on delete cascade,
  user_id    bigint not null references users (id) on delete cascade,
  stars      smallint not null check (stars between 1 and 5),
  comment    text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (result_id, user_id)
);

-- The rounds' log, shaped like the moderation log (who, when, what, reason): a round opened
-- although the one before it reported no result, and the firm's reason, shown on its page.
create table challenge_round_log (
  id           bigserial primary key,
  challenge_id bigint not null references challenges (id) on delete cascade,
  actor_id     bigint references users (id) on delete set null,
  action       text not null,
  reason       text not null,
  details      jsonb not null default '{}',
  created_at   timestamptz not null default now()
);
create index challenge_round_log_challenge on challenge_round_log (challenge_id, id desc);
