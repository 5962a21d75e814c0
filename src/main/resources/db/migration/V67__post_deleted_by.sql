-- Who deleted a post, so the undo can tell the author's own deletion (which the author may take
-- back for a while) from a moderator's (which only a moderator may). Null for posts deleted before
-- this column and for posts not deleted.
alter table posts add column deleted_by bigint references users (id) on delete set null;
