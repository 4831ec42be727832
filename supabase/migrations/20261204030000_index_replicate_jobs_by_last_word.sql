-- The sweep asks Replicate about a Replicate job it has not heard of for
-- jobs.replicate_check_seconds: its last webhook (last_heartbeat_at) or, before any, its submission
-- (enqueued_at). Only unfinished Replicate jobs are indexed, so a GPU job's updates never touch it.
create index jobs_replicate_last_word_idx
  on public.jobs ((coalesce(last_heartbeat_at, enqueued_at)))
  where queue_name is null and status in ('queued', 'processing');
comment on index public.jobs_replicate_last_word_idx is
  'The sweep finds Replicate jobs it has not heard of for a while, to ask Replicate about them.';
