-- Support stages and support budgets (issue #20).
--
-- A challenge may time-box support in stages, [{supporters, withinDays}, ...] ending at its
-- threshold (null: no stages), and cap how many of its ideas each member supports (null: no cap).
alter table challenges
  add column support_stages jsonb check (support_stages is null or jsonb_typeof(support_stages) = 'array'),
  add column support_budget integer check (support_budget between 1 and 10000);

-- How many stages an idea has reached, and when the one it works on ends (null when it has no
-- stage clock: no stages, or every stage reached). Missing it makes the idea 'expired'.
alter table ideas
  add column stage_reached integer not null default 0 check (stage_reached >= 0),
  add column stage_deadline timestamptz;
alter table ideas drop constraint ideas_status_check;
alter table ideas add constraint ideas_status_check check (status in
  ('submitted', 'in_review', 'shortlisted', 'accepted', 'implemented', 'declined', 'merged', 'expired'));
-- The cluster clock's "stage deadline passed" scan reads only this.
create index ideas_stage_due on ideas (stage_deadline) where status = 'submitted' and stage_deadline is not null;

-- One row per member and budgeted challenge, locked by each of their supports there: a member's
-- supports of one challenge take turns, so counting what they spent and adding one is exact.
create table support_budget_spenders (
  challenge_id bigint not null references challenges (id),
  user_id      bigint not null references users (id) on delete cascade,
  primary key (challenge_id, user_id)
);
