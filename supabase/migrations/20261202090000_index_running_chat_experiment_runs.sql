-- The runs still in flight, oldest first: the per-user cap counts a user's among them, and
-- playground-chat's sweep fails those past their time budget. Runs leave it once they finish, so
-- it stays as small as the work in flight.
create index chat_experiment_runs_running_created_at_idx
  on public.chat_experiment_runs (created_at)
  where status = 'running';
comment on index public.chat_experiment_runs_running_created_at_idx is
  'Runs in flight by age: the per-user cap of running runs and the sweep of abandoned ones.';
