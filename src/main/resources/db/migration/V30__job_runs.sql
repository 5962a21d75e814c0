-- When each cluster-wide periodic job last ran. Every node ticks every job; a node runs one only
-- after claiming its row (see platform/jobs/ClusterJobs), so a job runs once per period however
-- many nodes there are.
create table job_runs (
  name        text primary key,
  last_run_at timestamptz not null,
  last_node   text not null,
  runs        bigint not null default 1
);
