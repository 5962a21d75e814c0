-- Images members upload for their posts and avatars, kept in PostgreSQL so that every node serves
-- them without a shared disk (docs/operations.md says how a larger site would move them to an
-- S3-compatible store). The bytes are the server's re-encoding, never what was sent: no metadata.
-- One row per member and image: the same picture uploaded by two members is two rows with one
-- hash, so erasing one member's uploads leaves the other's served.
create table uploads (
  id bigint generated always as identity primary key,
  owner_id bigint not null references users(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  ext text not null check (ext in ('png', 'jpg')),
  media_type text not null check (media_type in ('image/png', 'image/jpeg')),
  width int not null check (width > 0),
  height int not null check (height > 0),
  bytes bytea not null,
  created_at timestamptz not null default now(),
  unique (owner_id, sha256)
);
create index uploads_sha256 on uploads (sha256);

-- A member's avatar: the path of one of their own uploads, or null for the generated default.
alter table users add column avatar_url text check (avatar_url is null or avatar_url ~ '^/uploads/[0-9a-f]{64}\.(png|jpg)$');
