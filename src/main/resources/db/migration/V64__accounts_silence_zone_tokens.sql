-- Silence, in Discourse's meaning: the member still reads and signs in, but may not post, reply,
-- flag or support until silenced_until. Reading is unaffected, so no access rule changes with it.
alter table users add column silenced_until timestamptz, add column silence_reason text;

-- The member's IANA time zone ('Europe/Paris') for the times pages print; null prints UTC.
alter table users add column time_zone text;
alter table users add constraint users_time_zone_shape check (time_zone is null or time_zone ~ '^[A-Za-z0-9_+/-]{1,64}$');

-- Single-use links sent by e-mail: a password reset, or the confirmation of a new e-mail address.
-- Only a hash of the token is kept, so a copy of the database cannot be used to take an account.
create table account_tokens (
  token_hash  bytea primary key,
  user_id     bigint not null references users (id) on delete cascade,
  purpose     text not null check (purpose in ('password_reset', 'email_change')),
  new_email   text,
  created_at  timestamptz not null,
  expires_at  timestamptz not null,
  used_at     timestamptz,
  check ((purpose = 'email_change') = (new_email is not null))
);
create index account_tokens_user on account_tokens (user_id, purpose);
