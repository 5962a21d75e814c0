-- What an admin changes at run time: one row, the values that differ from the defaults, as jsonb.
-- Every node reads it again when its version moves (see admin/SiteSettingsService).
create table site_settings (
  id         smallint primary key default 1 check (id = 1),
  data       jsonb not null default '{}',
  version    bigint not null default 1,
  updated_at timestamptz not null default now(),
  updated_by bigint references users (id) on delete set null
);
insert into site_settings (id) values (1);

-- Invitation codes for invite-only registration: each admits one new account.
create table invites (
  code       text primary key,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  used_by    bigint references users (id) on delete set null,
  used_at    timestamptz,
  check ((used_by is null) or (used_at is not null))
);
create index invites_recent on invites (created_at desc);
