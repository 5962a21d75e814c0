-- Jury evaluation (issue #20): judges named by the firm score each idea against the brief's
-- weighted criteria; a declined or shortlisted idea that was scored carries a rationale per
-- criterion, which its author always reads and the public reads when the brief says so.
alter table challenges add column public_rationale boolean not null default false;
alter table idea_responses add column rationale jsonb;

create table jury_members (
  challenge_id bigint not null references challenges (id),
  user_id      bigint not null references users (id),
  named_by     bigint references users (id) on delete set null,
  created_at   timestamptz not null default now(),
  primary key (challenge_id, user_id)
);
create index jury_members_user on jury_members (user_id);

-- A judge who declared a conflict on an idea never scores it (a score given before is removed).
create table jury_conflicts (
  idea_id    bigint not null references ideas (id),
  judge_id   bigint not null references users (id),
  created_at timestamptz not null default now(),
  primary key (idea_id, judge_id)
);

-- One judge's scores of one idea: {criterion name: 0..10} for the criteria of the brief when scored.
create table jury_scores (
  idea_id    bigint not null references ideas (id),
  judge_id   bigint not null references users (id),
  scores     jsonb not null,
  note       text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (idea_id, judge_id)
);
create index jury_scores_judge on jury_scores (judge_id);
