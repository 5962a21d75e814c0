-- Recommendations (issue #21): ideas a member would care about, from co-support and co-participation.
-- A member who opts out keeps their supports and replies out of everyone's recommendations.
alter table users add column recommendations_opt_out boolean not null default false;

-- The recommendations query walks from an idea to its most recent supporters, and from a member to
-- their most recent replies (and the threads they are in), reading these indexes alone.
create index idea_supports_idea_recent on idea_supports (idea_id, created_at desc, user_id);
create index posts_author_replies on posts (author_id, created_at desc, thread_id)
  where deleted_at is null and not hidden and parent_id is not null;
