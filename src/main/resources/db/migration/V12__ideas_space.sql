-- Where an idea's thread goes when its challenge names no space of its own: ideas are public, so
-- is this space. The forum's own spaces are created by admins; this one the challenge feature needs.
insert into spaces (slug, name, description, visibility, position)
values ('ideas', 'Ideas', 'Discussion of the ideas members submit to open challenges.', 'public', 100)
on conflict do nothing;
