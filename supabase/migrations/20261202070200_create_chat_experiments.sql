-- The playground's compare view, made durable: one prompt (with an optional system prompt and
-- history) run against several models or parameter sets. Each run records its exact parameters,
-- output, tokens, latency and time to first token, written by playground-chat with the service
-- role after checking the experiment is the caller's, so a recorded result is never the user's
-- own typing. Users rate and discard runs, and export their experiments (recorded in
-- chat_experiment_exports, written by the backend).

create table public.chat_experiments (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null default auth.uid(),
  title text,
  prompt text not null,
  system_prompt text,
  history jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint chat_experiments_pkey primary key (id),
  constraint chat_experiments_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint chat_experiments_id_user_id_key unique (id, user_id),
  constraint chat_experiments_history_is_array check (jsonb_typeof(history) = 'array'),
  constraint chat_experiments_prompt_not_blank check (btrim(prompt) <> '')
);

comment on index public.chat_experiments_id_user_id_key is
  'Target of the runs'' foreign key: a run belongs to an experiment of the same user.';

create index chat_experiments_user_id_created_at_idx
  on public.chat_experiments (user_id, created_at desc);
comment on index public.chat_experiments_user_id_created_at_idx is
  '"My experiments", newest first, and their export; covers the user_id foreign key.';

create trigger set_updated_at
  before update on public.chat_experiments
  for each row execute function private.set_updated_at();

create table public.chat_experiment_runs (
  id uuid not null default gen_random_uuid(),
  experiment_id uuid not null,
  user_id uuid not null,
  position smallint not null,
  model text not null,
  model_id uuid,
  provider text,
  parameters jsonb not null default '{}'::jsonb,
  status text not null default 'running',
  output text,
  error text,
  input_tokens integer,
  output_tokens integer,
  tokens_estimated boolean,
  latency_ms integer,
  time_to_first_token_ms integer,
  rating smallint,
  discarded_at timestamptz,
  rerun_of uuid,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint chat_experiment_runs_pkey primary key (id),
  constraint chat_experiment_runs_experiment_id_fkey
    foreign key (experiment_id, user_id) references public.chat_experiments (id, user_id)
    on delete cascade,
  constraint chat_experiment_runs_rerun_of_fkey
    foreign key (rerun_of) references public.chat_experiment_runs (id) on delete set null,
  constraint chat_experiment_runs_status_valid check (status in ('running', 'succeeded', 'failed')),
  constraint chat_experiment_runs_rating_range check (rating between 1 and 5),
  constraint chat_experiment_runs_position_not_negative check (position >= 0),
  constraint chat_experiment_runs_parameters_is_object check (jsonb_typeof(parameters) = 'object'),
  constraint chat_experiment_runs_counts_not_negative check (
    input_tokens >= 0 and output_tokens >= 0 and latency_ms >= 0 and time_to_first_token_ms >= 0
  )
);

create index chat_experiment_runs_experiment_id_user_id_idx
  on public.chat_experiment_runs (experiment_id, user_id, position, created_at);
comment on index public.chat_experiment_runs_experiment_id_user_id_idx is
  'An experiment''s runs side by side (by variant, re-runs after their original); covers the '
  '(experiment_id, user_id) foreign key.';

create index chat_experiment_runs_rerun_of_idx on public.chat_experiment_runs (rerun_of);
comment on index public.chat_experiment_runs_rerun_of_idx is
  'Covers the rerun_of foreign key (clearing it when the original run is deleted).';

create table public.chat_experiment_exports (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  format text not null,
  storage_path text not null,
  experiment_count integer not null,
  run_count integer not null,
  created_at timestamptz not null default now(),
  constraint chat_experiment_exports_pkey primary key (id),
  constraint chat_experiment_exports_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint chat_experiment_exports_format_valid check (format in ('json', 'csv')),
  constraint chat_experiment_exports_counts_not_negative
    check (experiment_count >= 0 and run_count >= 0)
);

create index chat_experiment_exports_user_id_created_at_idx
  on public.chat_experiment_exports (user_id, created_at desc);
comment on index public.chat_experiment_exports_user_id_created_at_idx is
  '"My exports", newest first; covers the user_id foreign key.';

alter table public.chat_experiments enable row level security;
alter table public.chat_experiment_runs enable row level security;
alter table public.chat_experiment_exports enable row level security;

revoke all on table public.chat_experiments from anon, authenticated, service_role;
grant select, delete on table public.chat_experiments to authenticated;
grant insert (user_id, title, prompt, system_prompt, history) on table public.chat_experiments to authenticated;
grant update (title) on table public.chat_experiments to authenticated;
grant select, insert, update, delete on table public.chat_experiments to service_role;

revoke all on table public.chat_experiment_runs from anon, authenticated, service_role;
grant select, delete on table public.chat_experiment_runs to authenticated;
grant update (rating, discarded_at) on table public.chat_experiment_runs to authenticated;
grant select, insert, update, delete on table public.chat_experiment_runs to service_role;

revoke all on table public.chat_experiment_exports from anon, authenticated, service_role;
grant select on table public.chat_experiment_exports to authenticated;
grant select, insert, delete on table public.chat_experiment_exports to service_role;

create policy "users can read their own experiments"
  on public.chat_experiments for select to authenticated
  using (user_id = (select auth.uid()));

create policy "users can start their own experiments"
  on public.chat_experiments for insert to authenticated
  with check (user_id = (select auth.uid()));

create policy "users can rename their own experiments"
  on public.chat_experiments for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "users can delete their own experiments"
  on public.chat_experiments for delete to authenticated
  using (user_id = (select auth.uid()));

create policy "users can read their own experiment runs"
  on public.chat_experiment_runs for select to authenticated
  using (user_id = (select auth.uid()));

create policy "users can rate and discard their own experiment runs"
  on public.chat_experiment_runs for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy "users can delete their own experiment runs"
  on public.chat_experiment_runs for delete to authenticated
  using (user_id = (select auth.uid()));

create policy "users can read their own experiment exports"
  on public.chat_experiment_exports for select to authenticated
  using (user_id = (select auth.uid()));
