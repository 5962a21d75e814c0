-- Group spaces run by firms and their facilitators (issue #21).

-- A space an org owns: its owners manage it (members, facilitators) without being site admins.
alter table spaces add column org_id bigint references orgs (id) on delete set null;
create index spaces_org on spaces (org_id) where org_id is not null;

-- A facilitator's term in one space. Current while not removed and its end is still ahead (by the
-- application's clock, so the rule is decided in one place); served once its end passed without a
-- removal, which earns facilitation reputation once per term (served_at marks it credited).
create table facilitator_terms (
  id           bigserial primary key,
  space_id     bigint not null references spaces (id) on delete cascade,
  user_id      bigint not null references users (id) on delete cascade,
  named_by     bigint references users (id) on delete set null,
  nomination_id bigint,
  starts_at    timestamptz not null,
  ends_at      timestamptz not null,
  removed_at   timestamptz,
  served_at    timestamptz,
  check (ends_at > starts_at)
);
-- One open term per member and space: naming someone again replaces (ends) the open one first.
create unique index facilitator_terms_open on facilitator_terms (space_id, user_id) where removed_at is null and served_at is null;
create index facilitator_terms_user on facilitator_terms (user_id) where removed_at is null and served_at is null;
create index facilitator_terms_due on facilitator_terms (ends_at) where removed_at is null and served_at is null;

-- The self-empowerment path: a member of the space nominates a member of trust level 3, another
-- member seconds, the org's owner confirms (which names them facilitator).
create table facilitator_nominations (
  id           bigserial primary key,
  space_id     bigint not null references spaces (id) on delete cascade,
  nominee_id   bigint not null references users (id) on delete cascade,
  nominator_id bigint not null references users (id) on delete cascade,
  seconder_id  bigint references users (id) on delete set null,
  confirmed_by bigint references users (id) on delete set null,
  state        text not null default 'open' check (state in ('open', 'seconded', 'confirmed')),
  created_at   timestamptz not null default now(),
  seconded_at  timestamptz,
  confirmed_at timestamptz,
  check (seconder_id is null or (seconder_id <> nominee_id and seconder_id <> nominator_id)),
  check (nominator_id <> nominee_id)
);
-- One pending nomination per nominee and space.
create unique index facilitator_nominations_pending on facilitator_nominations (space_id, nominee_id) where state <> 'confirmed';

-- The scope of a moderation log entry: the space it was taken in (null for site-wide actions), so a
-- space's log is read by its owners and facilitators.
alter table moderation_log add column space_id bigint references spaces (id) on delete set null;
create index moderation_log_space on moderation_log (space_id, id desc) where space_id is not null;
alter table moderation_log drop constraint moderation_log_target_type_check;
alter table moderation_log add constraint moderation_log_target_type_check check (target_type in ('post', 'thread', 'user', 'idea', 'space'));

-- A facilitation term served earns reputation once per term.
alter table reputation_ledger drop constraint reputation_ledger_kind_check;
alter table reputation_ledger add constraint reputation_ledger_kind_check check (kind in ('idea_threshold', 'idea_shortlisted',
  'idea_accepted', 'idea_implemented', 'reply_upvoted', 'flag_upheld', 'judging_completed', 'facilitation'));
