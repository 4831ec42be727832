-- queue-job estimates a new job's wait from how long a queue's recent jobs took; this index
-- lets it read the latest completed jobs of one queue without scanning the whole table.

create index jobs_completed_queue_name_completed_at_idx
  on public.jobs (queue_name, completed_at desc)
  where status = 'completed';
comment on index public.jobs_completed_queue_name_completed_at_idx is
  'queue-job averages the durations of a queue''s latest completed jobs (wait estimates).';
