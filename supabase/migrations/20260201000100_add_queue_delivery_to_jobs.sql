-- What the job pipeline needs to hand a job to a queue again: the exact payload pushed (so a
-- re-queue pushes the same bytes and a cancel can remove it with LREM) and when it was last
-- handed over (so the recovery sweep can tell a job stuck in `queued` from a fresh one).
-- Both are backend-owned: only the service role writes them (no column grant to users); the
-- owner may read them like the rest of the job, since the payload holds nothing but their job.

alter table public.jobs
  add column queue_payload jsonb,
  add column enqueued_at timestamptz;

comment on column public.jobs.queue_payload is
  'The JSON object last pushed to the worker queue (CONTRACTS.md queue payload).';
comment on column public.jobs.enqueued_at is
  'When the job was last pushed to a queue or submitted to a provider.';

create index jobs_queued_enqueued_at_idx
  on public.jobs (enqueued_at)
  where status = 'queued';
comment on index public.jobs_queued_enqueued_at_idx is
  'The recovery sweep finds jobs that stayed queued longer than their limit.';
