-- Stakeholder types (issue #21): a member's relation to an org. customer, supplier, dealer and
-- partner are declared by the member and count at once; staff is requested by the member and counts
-- only once an owner of the org confirmed it (confirmed_at). One type per member and org.
create table org_stakeholders (
  org_id       bigint not null references orgs (id) on delete cascade,
  user_id      bigint not null references users (id) on delete cascade,
  type         text not null check (type in ('customer', 'supplier', 'dealer', 'staff', 'partner')),
  declared_at  timestamptz not null default now(),
  confirmed_at timestamptz,
  confirmed_by bigint references users (id) on delete set null,
  primary key (org_id, user_id),
  check (type = 'staff' or confirmed_at is not null)
);
create index org_stakeholders_user on org_stakeholders (user_id);
create index org_stakeholders_requests on org_stakeholders (org_id) where confirmed_at is null;

-- A challenge may require a minimum share of an idea's supports from one type before the idea
-- counts as reaching its threshold: both set, or neither.
alter table challenges add column min_share_type text
  check (min_share_type in ('customer', 'supplier', 'dealer', 'staff', 'partner'));
alter table challenges add column min_share_percent integer check (min_share_percent between 1 and 100);
alter table challenges add constraint challenges_min_share_both
  check ((min_share_type is null) = (min_share_percent is null));

-- Leaderboards: where a ledger row was earned, derived from its source when it is written, so
-- every writer (and the recompute) places its rows alike. idea:N is the idea's challenge and its
-- thread's space; post:N/... the post's thread's space (and its idea's challenge, for an idea's
-- discussion); challenge:N the challenge and its space.
alter table reputation_ledger add column challenge_id bigint;
alter table reputation_ledger add column space_id bigint;

create function reputation_ledger_place() returns trigger language plpgsql as $$
declare
  ref bigint;
begin
  if new.source like 'idea:%' then
    ref := split_part(substr(new.source, 6), '/', 1)::bigint;
    select i.challenge_id, t.space_id into new.challenge_id, new.space_id
      from ideas i left join threads t on t.idea_id = i.id where i.id = ref;
  elsif new.source like 'post:%' then
    ref := split_part(substr(new.source, 6), '/', 1)::bigint;
    select i.challenge_id, t.space_id into new.challenge_id, new.space_id
      from posts p join threads t on t.id = p.thread_id left join ideas i on i.id = t.idea_id where p.id = ref;
  elsif new.source like 'challenge:%' then
    ref := split_part(substr(new.source, 11), '/', 1)::bigint;
    select c.id, c.space_id into new.challenge_id, new.space_id from challenges c where c.id = ref;
  end if;
  return new;
end $$;

create trigger reputation_ledger_place before insert on reputation_ledger
  for each row execute function reputation_ledger_place();

update reputation_ledger l set challenge_id = i.challenge_id, space_id = t.space_id
  from ideas i left join threads t on t.idea_id = i.id
 where l.source like 'idea:%' and i.id = split_part(substr(l.source, 6), '/', 1)::bigint;
update reputation_ledger l set challenge_id = i.challenge_id, space_id = t.space_id
  from posts p join threads t on t.id = p.thread_id left join ideas i on i.id = t.idea_id
 where l.source like 'post:%' and p.id = split_part(substr(l.source, 6), '/', 1)::bigint;
update reputation_ledger l set challenge_id = c.id, space_id = c.space_id
  from challenges c
 where l.source like 'challenge:%' and c.id = split_part(substr(l.source, 11), '/', 1)::bigint;

create index reputation_ledger_period on reputation_ledger (created_at, user_id) include (points);
create index reputation_ledger_challenge on reputation_ledger (challenge_id, created_at) include (user_id, points)
  where challenge_id is not null;
create index reputation_ledger_space on reputation_ledger (space_id, created_at) include (user_id, points)
  where space_id is not null;
