-- Signed webhooks a firm registers, and the durable queue of their deliveries.
create table webhooks (
  id         bigserial primary key,
  org_id     bigint not null references orgs (id) on delete cascade,
  url        text not null,
  events     text[] not null,
  secret     text not null,
  created_by bigint not null references users (id),
  created_at timestamptz not null default now()
);
create index webhooks_org on webhooks (org_id, id);

-- Rows are written in the same transaction as the change they announce; a worker on every node
-- claims due rows with "for update skip locked" and leases them while it sends.
create table webhook_deliveries (
  id              bigserial primary key,
  webhook_id      bigint not null references webhooks (id) on delete cascade,
  event           text not null,
  body            text not null,
  status          text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  delivered_at    timestamptz,
  created_at      timestamptz not null default now()
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_hook on webhook_deliveries (webhook_id, id desc);

-- One row per try: the delivery log the org's owners read.
create table webhook_attempts (
  id           bigserial primary key,
  delivery_id  bigint not null references webhook_deliveries (id) on delete cascade,
  attempt      integer not null,
  status_code  integer,
  error        text,
  duration_ms  integer not null,
  created_at   timestamptz not null default now()
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempt);
