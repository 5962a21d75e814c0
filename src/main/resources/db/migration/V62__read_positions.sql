-- Where each member stopped reading each thread, for unread and new counts (one row per member and
-- thread, the existing thread_reads row). last_post_id only ever grows: every write is a
-- greatest() upsert, so two tabs reporting out of order cannot move it back.
alter table thread_reads add column last_post_id bigint not null default 0;

-- Rows written before positions existed: the member had read what was there when they last read.
update thread_reads r
   set last_post_id = coalesce((select max(p.id) from posts p where p.thread_id = r.thread_id and p.created_at <= r.read_at), 0);

-- The unread count of a thread is a count of its visible posts after a position: an index-only
-- range per listed thread.
create index posts_thread_visible on posts (thread_id, id, author_id) where deleted_at is null and not hidden;
