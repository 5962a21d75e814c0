-- A deleted account keeps its row (its posts stay, by "deleted member") but no personal data:
-- its e-mail is cleared, so the column must allow that.
alter table users alter column email drop not null;
