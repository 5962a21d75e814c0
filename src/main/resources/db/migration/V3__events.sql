-- The outbox and replay log of everything users can see live.
-- Ids come from this sequence only while the transaction holds the events advisory lock,
-- so ids are handed out in commit order (see live/EventLog).
create sequence events_id_seq;
create table events (
  id         bigint primary key,
  topic      text not null,
  type       text not null,
  data       jsonb not null,
  created_at timestamptz not null default now()
);
create index events_topic_id on events (topic, id);
create index events_created on events (created_at);
