-- Activity that trust levels are computed from, besides posts, votes and flags.

-- One row per member and UTC day with at least one signed-in request.
create table user_visits (
  user_id bigint not null references users (id) on delete cascade,
  day     date not null,
  primary key (user_id, day)
);

-- How many posts of a thread a member has seen (the thread's post count when they last read
-- it); the sum over threads is their "posts read".
create table thread_reads (
  user_id    bigint not null references users (id) on delete cascade,
  thread_id  bigint not null references threads (id) on delete cascade,
  posts_read integer not null,
  read_at    timestamptz not null default now(),
  primary key (user_id, thread_id)
);
