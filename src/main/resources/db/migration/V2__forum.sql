-- Spaces, threads and the reply tree.
create table spaces (
  id          bigserial primary key,
  slug        text not null,
  name        text not null,
  description text not null default '',
  visibility  text not null check (visibility in ('public', 'members', 'group')),
  position    integer not null default 0,
  created_at  timestamptz not null default now()
);
create unique index spaces_slug_key on spaces (lower(slug));

create table space_members (
  space_id   bigint not null references spaces (id) on delete cascade,
  user_id    bigint not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (space_id, user_id)
);
create index space_members_user on space_members (user_id);

create table threads (
  id               bigserial primary key,
  space_id         bigint not null references spaces (id),
  title            text not null,
  author_id        bigint not null references users (id),
  created_at       timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  reply_count      integer not null default 0,
  vote_score       integer not null default 0,
  locked           boolean not null default false,
  pinned           boolean not null default false,
  hidden           boolean not null default false,
  tags             text[] not null default '{}',
  first_post_id    bigint,
  idea_id          bigint
);
create index threads_space_latest on threads (space_id, pinned desc, last_activity_at desc, id desc);
create index threads_space_new on threads (space_id, pinned desc, created_at desc, id desc);
create index threads_space_top on threads (space_id, pinned desc, vote_score desc, id desc);
create index threads_latest on threads (last_activity_at desc, id desc);

-- path is the array of ids from the first post down to this post: ordering by it is
-- depth-first tree order (a prefix sorts before its descendants, siblings oldest first),
-- and it is a keyset for pagination that new replies cannot shift.
create table posts (
  id          bigserial primary key,
  thread_id   bigint not null references threads (id),
  parent_id   bigint references posts (id),
  depth       integer not null,
  path        bigint[] not null,
  author_id   bigint not null references users (id),
  body        text not null,
  html        text not null,
  created_at  timestamptz not null default now(),
  edited_at   timestamptz,
  deleted_at  timestamptz,
  hidden      boolean not null default false,
  vote_score  integer not null default 0,
  reply_count integer not null default 0
);
create index posts_thread_path on posts (thread_id, path);
create index posts_thread_created on posts (thread_id, created_at, id);
create index posts_author on posts (author_id, created_at desc);
create index posts_parent on posts (parent_id);
alter table threads add constraint threads_first_post_fk foreign key (first_post_id) references posts (id);

-- Each row is a version that an edit replaced.
create table post_revisions (
  id         bigserial primary key,
  post_id    bigint not null references posts (id),
  body       text not null,
  html       text not null,
  editor_id  bigint not null references users (id),
  reason     text,
  created_at timestamptz not null default now()
);
create index post_revisions_post on post_revisions (post_id, id);

create table post_votes (
  post_id    bigint not null references posts (id),
  user_id    bigint not null references users (id) on delete cascade,
  value      smallint not null check (value in (-1, 1)),
  created_at timestamptz not null default now(),
  primary key (post_id, user_id)
);
create index post_votes_user on post_votes (user_id);
