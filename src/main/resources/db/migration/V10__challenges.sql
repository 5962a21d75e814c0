-- Open-innovation challenges, their ideas, supports and the firm's official responses.
create extension if not exists pg_trgm;

create table challenges (
  id                    bigserial primary key,
  org_id                bigint not null references orgs (id),
  space_id              bigint references spaces (id),
  title                 text not null,
  summary               text not null,
  problem               text not null,
  problem_html          text not null,
  desired_outcomes      text not null,
  desired_outcomes_html text not null,
  constraints           text not null default '',
  constraints_html      text not null default '',
  criteria              jsonb not null,
  reward                text not null default '',
  ip_terms              text not null,
  ip_terms_html         text not null,
  closes_at             timestamptz not null,
  support_threshold     integer not null default 10000 check (support_threshold between 1 and 1000000),
  phase                 text not null default 'draft'
                        check (phase in ('draft', 'open', 'review', 'decided', 'closed')),
  revision              integer not null default 1,
  created_by            bigint not null references users (id),
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  phase_changed_at      timestamptz not null default now()
);
create index challenges_list on challenges (id desc);
create index challenges_org on challenges (org_id, id desc);
create index challenges_phase on challenges (phase, id desc);
-- The clock's "open and past its deadline" scan reads only this.
create index challenges_due on challenges (closes_at) where phase = 'open';

-- Each row is a version of the brief that an edit made after opening replaced.
create table challenge_revisions (
  id           bigserial primary key,
  challenge_id bigint not null references challenges (id),
  revision     integer not null,
  snapshot     jsonb not null,
  changed      text[] not null,
  editor_id    bigint not null references users (id),
  created_at   timestamptz not null default now(),
  unique (challenge_id, revision)
);

create table ideas (
  id                   bigserial primary key,
  challenge_id         bigint not null references challenges (id),
  author_id            bigint not null references users (id),
  title                text not null,
  pitch                text not null,
  body                 text not null,
  html                 text not null,
  status               text not null default 'submitted'
                       check (status in ('submitted', 'in_review', 'shortlisted', 'accepted', 'implemented', 'declined', 'merged')),
  support_count        integer not null default 0 check (support_count >= 0),
  merged_into          bigint references ideas (id),
  threshold_reached_at timestamptz,
  created_at           timestamptz not null default now(),
  status_changed_at    timestamptz not null default now(),
  check ((status = 'merged') = (merged_into is not null)),
  check (merged_into is distinct from id)
);
create index ideas_challenge_recent on ideas (challenge_id, id desc);
create index ideas_challenge_support on ideas (challenge_id, support_count desc, id desc);
create index ideas_author on ideas (author_id, id desc);
-- Similar-idea lookups compare a draft with title and pitch.
create index ideas_text_trgm on ideas using gin ((title || ' ' || pitch) gin_trgm_ops);

-- One support per member and idea: the primary key makes a second one a no-op.
create table idea_supports (
  idea_id    bigint not null references ideas (id),
  user_id    bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (idea_id, user_id)
);
create index idea_supports_user on idea_supports (user_id, created_at desc, idea_id desc);
create index idea_supports_recent on idea_supports (idea_id, created_at);

-- The firm's public answers, oldest first; the history a member sees on the idea.
create table idea_responses (
  id         bigserial primary key,
  idea_id    bigint not null references ideas (id),
  status     text not null,
  note       text not null,
  by_id      bigint not null references users (id),
  created_at timestamptz not null default now()
);
create index idea_responses_idea on idea_responses (idea_id, id);

-- An idea is discussed in its own thread.
alter table threads add constraint threads_idea_fk foreign key (idea_id) references ideas (id);
create unique index threads_idea_key on threads (idea_id) where idea_id is not null;
