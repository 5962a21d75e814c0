-- users.locale (from V1) becomes the language a member chose for pages and digests: a bare
-- language code the server supports, or null to follow the browser's Accept-Language.
-- Values written before it meant anything ('en-GB', 'FR') are brought to that form.
update users set locale = lower(split_part(replace(locale, '_', '-'), '-', 1)) where locale is not null;
update users set locale = null where locale is not null and locale not in ('en', 'fr');
-- A shape check rather than a list, so adding a language needs a bundle, not a migration.
alter table users add constraint users_locale_language check (locale is null or locale ~ '^[a-z]{2,3}$');
