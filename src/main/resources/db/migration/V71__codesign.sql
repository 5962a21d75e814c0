-- Co-design (issue #22): an idea evolves in iterations, with co-authors and amendments, and keeps a
-- ledger of who contributed what.

-- Each published version of an idea's text, numbered from 1 (the text it was submitted with, stored
-- when the first new iteration is published). ideas.body/html always hold the latest one.
create table idea_iterations (
  id           bigserial primary key,
  idea_id      bigint not null references ideas (id),
  n            integer not null,
  summary      text not null,
  body         text not null,
  html         text not null,
  attachments  jsonb not null default '[]',
  author_id    bigint references users (id) on delete set null,
  amendment_id bigint,
  created_at   timestamptz not null default now(),
  unique (idea_id, n)
);

-- Invited by one of the idea's authors; 'accepted' makes the invitee an author too.
create table idea_coauthors (
  idea_id     bigint not null references ideas (id),
  user_id     bigint not null references users (id) on delete cascade,
  invited_by  bigint references users (id) on delete set null,
  status      text not null default 'invited' check (status in ('invited', 'accepted', 'declined')),
  created_at  timestamptz not null default now(),
  answered_at timestamptz,
  primary key (idea_id, user_id)
);
create index idea_coauthors_user on idea_coauthors (user_id);

-- A member's proposed text for an idea, discussed in a thread of its own.
create table idea_amendments (
  id           bigserial primary key,
  idea_id      bigint not null references ideas (id),
  proposer_id  bigint references users (id) on delete set null,
  body         text not null,
  note         text not null default '',
  status       text not null default 'open' check (status in ('open', 'accepted', 'declined')),
  reason       text,
  thread_id    bigint references threads (id),
  iteration_n  integer,
  answered_by  bigint references users (id) on delete set null,
  created_at   timestamptz not null default now(),
  answered_at  timestamptz
);
create index idea_amendments_idea on idea_amendments (idea_id, id);
alter table idea_iterations add constraint idea_iterations_amendment_fk foreign key (amendment_id) references idea_amendments (id);

-- The credit ledger: one entry per contribution, whatever retries or concurrent answers do
-- (kind 'amendment': source is the amendment; 'coauthor': the co-author's user id; 'reply': the post).
create table idea_credits (
  id         bigserial primary key,
  idea_id    bigint not null references ideas (id),
  user_id    bigint references users (id) on delete set null,
  kind       text not null check (kind in ('amendment', 'coauthor', 'reply')),
  source_id  bigint not null,
  by_id      bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (idea_id, kind, source_id)
);

-- When a member last looked at an idea's page: a supporter is told "changed since you supported"
-- while an iteration is newer than both their support and this.
create table idea_views (
  idea_id   bigint not null references ideas (id),
  user_id   bigint not null references users (id) on delete cascade,
  viewed_at timestamptz not null default now(),
  primary key (idea_id, user_id)
);
