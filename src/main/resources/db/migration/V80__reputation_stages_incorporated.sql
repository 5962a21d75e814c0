-- Two more earning events (issue #21): an idea reaching a support stage earns its author, once per
-- stage, and a reply the idea's authors mark incorporated earns the reply's author.
--
-- Which stages an idea ever reached, and when: ideas.stage_reached goes back to 0 when an expired
-- idea is resubmitted, so it cannot tell the recompute which stages earned. A stage reached again
-- after a resubmission finds its row here and earns nothing more.
create table idea_stages_reached (
  idea_id    bigint not null references ideas (id),
  stage      integer not null check (stage >= 1),
  reached_at timestamptz not null default now(),
  primary key (idea_id, stage)
);
insert into idea_stages_reached (idea_id, stage)
select i.id, g from ideas i cross join lateral generate_series(1, i.stage_reached) g where i.stage_reached > 0;

alter table reputation_ledger drop constraint reputation_ledger_kind_check;
alter table reputation_ledger add constraint reputation_ledger_kind_check check (kind in ('idea_threshold',
  'idea_stage_reached', 'idea_shortlisted', 'idea_accepted', 'idea_implemented', 'reply_upvoted', 'reply_incorporated',
  'flag_upheld', 'judging_completed'));

-- What the events already recorded earned, as the running writes and the recompute both derive it.
with added as (
  insert into reputation_ledger (user_id, kind, category, points, source, created_at)
  select i.author_id, 'idea_stage_reached', 'ideation', 3, 'idea:' || s.idea_id || '/stage:' || s.stage, s.reached_at
    from idea_stages_reached s join ideas i on i.id = s.idea_id
  union all
  select cr.user_id, 'reply_incorporated', 'building', 5, 'post:' || cr.source_id, cr.created_at
    from idea_credits cr
   where cr.kind = 'reply' and cr.user_id is not null and cr.by_id is distinct from cr.user_id
  on conflict (user_id, kind, source) do nothing
  returning user_id, points
),
moved as (select user_id, sum(points)::int as delta from added group by user_id)
update users u set reputation = u.reputation + m.delta from moved m where u.id = m.user_id;
