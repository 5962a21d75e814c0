-- Recommendations (issue #21): ideas a member would care about, from co-support and co-participation.
-- A member who opts out keeps their supports and replies out of everyone's recommendations.
alter table users add column recommendations_opt_out boolean not null default false;

-- Who replied in which idea's thread, from the member's side: the recommendations query walks it
-- from a member to their threads and from each co-participant to theirs, reading the index alone.
create index posts_author_thread_visible on posts (author_id, thread_id) where deleted_at is null and not hidden;
