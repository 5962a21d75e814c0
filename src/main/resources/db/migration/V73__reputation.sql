-- Reputation: one row per thing a member earned (or lost) points for. The unique key is the event
-- itself (member, kind, source), so an event earns exactly once whichever node or retry writes it;
-- users.reputation is the sum of a member's rows, moved in the transaction that writes them.
-- actor_id is the member whose act earned the points when another's (the voter of an upvote), so a
-- vote's rows are found again when that voter's votes change.
create table reputation_ledger (
  id         bigserial primary key,
  user_id    bigint not null references users (id) on delete cascade,
  kind       text not null check (kind in ('idea_threshold', 'idea_shortlisted', 'idea_accepted',
                                           'idea_implemented', 'reply_upvoted', 'flag_upheld')),
  category   text not null check (category in ('ideation', 'building', 'evaluation', 'facilitation')),
  points     integer not null,
  source     text not null,
  actor_id   bigint,
  created_at timestamptz not null default now(),
  unique (user_id, kind, source)
);
create index reputation_ledger_actor on reputation_ledger (actor_id) where actor_id is not null;
