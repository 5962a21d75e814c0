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
