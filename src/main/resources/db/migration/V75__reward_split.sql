-- The reward split of an idea (issue #22): when its challenge has a reward, the idea's authors
-- propose shares among the people in its credit ledger, each named person consents, and the split
-- is frozen when the firm accepts the idea, with the IP terms the authors accepted.

-- One split per idea, replaced by each new proposal (round counts them). frozen_at, set in the
-- transaction that accepts the idea, ends every change; ip_terms and its SHA-256 are the challenge's
-- terms at that moment, kept with the split because a brief may change them later.
create table idea_splits (
  idea_id         bigint primary key references ideas (id),
  round           integer not null default 1,
  proposed_by     bigint references users (id) on delete set null,
  proposed_at     timestamptz not null default now(),
  frozen_at       timestamptz,
  ip_terms        text,
  ip_terms_sha256 text,
  check ((frozen_at is null) = (ip_terms_sha256 is null))
);

-- A named person's share in basis points (10000 = 100%) and their answer.
create table idea_split_shares (
  idea_id      bigint not null references idea_splits (idea_id) on delete cascade,
  user_id      bigint not null references users (id),
  basis_points integer not null check (basis_points between 1 and 10000),
  consent      text not null default 'pending' check (consent in ('pending', 'consented', 'declined')),
  answered_at  timestamptz,
  primary key (idea_id, user_id)
);
create index idea_split_shares_user on idea_split_shares (user_id);

-- A dispute over credit is a flag with reason 'credit' on the idea's opening post.
alter table flags drop constraint flags_reason_check;
alter table flags add constraint flags_reason_check
  check (reason in ('spam', 'abuse', 'off_topic', 'other', 'new_member', 'credit'));
