-- Full text search over ideas and challenges, weighted like the forum's: titles 'A', bodies 'B'.
alter table ideas add column search tsvector generated always as (
  setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', pitch || ' ' || body), 'B')) stored;
alter table challenges add column search tsvector generated always as (
  setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary || ' ' || problem), 'B')) stored;
create index ideas_search on ideas using gin (search);
create index challenges_search on challenges using gin (search);
