-- PDF documents beside images (issue #22: an idea's iteration attaches images and PDFs). A PDF is
-- kept as it was sent (only an image is re-encoded), has no pixels, and is served as a download
-- with a sandboxing policy, never as a page. The name is the file's name as the member's browser
-- sent it (its path cut off), shown beside an attachment.
alter table uploads drop constraint uploads_ext_check,
  add constraint uploads_ext_check check (ext in ('png', 'jpg', 'pdf'));
alter table uploads drop constraint uploads_media_type_check,
  add constraint uploads_media_type_check check (media_type in ('image/png', 'image/jpeg', 'application/pdf'));
alter table uploads alter column width drop not null, alter column height drop not null;
alter table uploads add constraint uploads_pixels check (
  (ext = 'pdf') = (width is null) and (width is null) = (height is null) and (ext = 'pdf') = (media_type = 'application/pdf'));
alter table uploads add column name text check (name is null or char_length(name) between 1 and 200);
