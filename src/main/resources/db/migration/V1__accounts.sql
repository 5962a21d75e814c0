-- Accounts, sessions and organizations.
create table users (
  id              bigserial primary key,
  username        text not null,
  email           text not null,
  display_name    text not null,
  password_hash   text not null,
  role            text not null default 'member' check (role in ('member', 'moderator', 'admin')),
  trust_level     smallint not null default 0 check (trust_level between 0 and 4),
  reputation      integer not null default 0,
  locale          text,
  bio             text not null default '',
  suspended_until timestamptz,
  suspension_reason text,
  created_at      timestamptz not null default now(),
  last_seen_at    timestamptz,
  deleted_at      timestamptz
);
-- Usernames and e-mails are unique whatever their case.
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));

-- Every bearer token and web session is a row, so logout and suspension take effect at once.
create table sessions (
  id          uuid primary key,
  user_id     bigint not null references users (id) on delete cascade,
  kind        text not null check (kind in ('token', 'web')),
  token_hash  bytea unique,
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null,
  revoked_at  timestamptz
);
create index sessions_user on sessions (user_id) where revoked_at is null;

create table orgs (
  id          bigserial primary key,
  slug        text not null,
  name        text not null,
  description text not null default '',
  created_at  timestamptz not null default now()
);
create unique index orgs_slug_key on orgs (lower(slug));

create table org_members (
  org_id     bigint not null references orgs (id) on delete cascade,
  user_id    bigint not null references users (id) on delete cascade,
  role       text not null check (role in ('owner', 'member')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index org_members_user on org_members (user_id);
