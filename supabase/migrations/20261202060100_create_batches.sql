-- Batches: many generations submitted as one request. A batch_jobs row holds what the user asked
-- for (name, priority, how many items may be in flight, what a final failure does) and the live
-- counts of its items; a batch_items row is one generation, prepared and priced at submission and
-- written as a job when it is released. The backend owns every column: users read their own
-- batches (also through Realtime) and change them only through queue-job.

create type public.batch_status as enum ('queued', 'processing', 'paused', 'completed', 'failed', 'cancelled');

-- `pending` = not released yet; the other states mirror the item's job.
create type public.batch_item_status as enum ('pending', 'queued', 'processing', 'completed', 'failed', 'cancelled');

create table public.batch_jobs (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  project_id uuid,
  name text not null,
  priority text not null default 'normal',
  max_concurrency integer not null,
  on_failure text not null default 'continue',
  status public.batch_status not null default 'queued',
  idempotency_key text,
  credits_total integer not null,
  total_count integer not null,
  queued_count integer not null,
  processing_count integer not null default 0,
  completed_count integer not null default 0,
  failed_count integer not null default 0,
  cancelled_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint batch_jobs_pkey primary key (id),
  constraint batch_jobs_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint batch_jobs_project_id_fkey
    foreign key (project_id, user_id) references public.projects (id, user_id)
    on delete set null (project_id),
  constraint batch_jobs_id_user_id_key unique (id, user_id),
  constraint batch_jobs_name_length check (char_length(name) between 1 and 200),
  constraint batch_jobs_priority_valid check (priority in ('high', 'normal', 'low')),
  constraint batch_jobs_max_concurrency_range check (max_concurrency between 1 and 100),
  constraint batch_jobs_on_failure_valid check (on_failure in ('continue', 'stop')),
  constraint batch_jobs_idempotency_key_length check (char_length(idempotency_key) between 1 and 200),
  constraint batch_jobs_credits_total_not_negative check (credits_total >= 0),
  constraint batch_jobs_counts_add_up check (
    total_count > 0 and least(queued_count, processing_count, completed_count, failed_count, cancelled_count) >= 0
    and queued_count + processing_count + completed_count + failed_count + cancelled_count = total_count
  ),
  constraint batch_jobs_finished_batches_have_completed_at
    check ((status in ('completed', 'failed', 'cancelled')) = (completed_at is not null))
);

comment on index public.batch_jobs_id_user_id_key is
  'Target of batch_items'' foreign key: an item belongs to a batch of the same user.';

create index batch_jobs_user_id_created_at_idx on public.batch_jobs (user_id, created_at desc, id desc);
comment on index public.batch_jobs_user_id_created_at_idx is
  'A user''s batches, newest first (GET /queue-job/batches); covers the user_id foreign key.';

create unique index batch_jobs_user_id_idempotency_key_key
  on public.batch_jobs (user_id, idempotency_key)
  where idempotency_key is not null;
comment on index public.batch_jobs_user_id_idempotency_key_key is
  'queue-job answers a repeated batch request with the batch its idempotency key already created.';

create index batch_jobs_releasing_user_id_idx
  on public.batch_jobs (user_id)
  where status in ('queued', 'processing');
comment on index public.batch_jobs_releasing_user_id_idx is
  'Releasing finds a user''s batches that may release items; the sweep finds their users.';

create index batch_jobs_project_id_user_id_idx on public.batch_jobs (project_id, user_id);
comment on index public.batch_jobs_project_id_user_id_idx is
  'A project''s batches; covers the (project_id, user_id) foreign key.';

create table public.batch_items (
  id uuid not null default gen_random_uuid(),
  batch_id uuid not null,
  user_id uuid not null,
  item_index integer not null,
  status public.batch_item_status not null default 'pending',
  job_id uuid,
  credits integer not null,
  -- The jobs row private.submit_job writes on release (queue payload included), and for a
  -- Replicate item the prediction to create: prepared and priced once, at submission.
  job_row jsonb not null,
  prediction jsonb,
  error_code text,
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  released_at timestamptz,
  constraint batch_items_pkey primary key (id),
  constraint batch_items_batch_id_user_id_fkey
    foreign key (batch_id, user_id) references public.batch_jobs (id, user_id) on delete cascade,
  constraint batch_items_job_id_user_id_fkey
    foreign key (job_id, user_id) references public.jobs (id, user_id) on delete cascade,
  constraint batch_items_batch_id_item_index_key unique (batch_id, item_index),
  constraint batch_items_job_id_user_id_key unique (job_id, user_id),
  constraint batch_items_item_index_not_negative check (item_index >= 0),
  constraint batch_items_credits_not_negative check (credits >= 0),
  constraint batch_items_released_items_have_a_job
    check ((status in ('queued', 'processing', 'completed')) <= (job_id is not null))
);

comment on index public.batch_items_batch_id_item_index_key is
  'A batch''s items in order (GET /queue-job/batches/{id}); covers the batch foreign key.';
comment on index public.batch_items_job_id_user_id_key is
  'A job is one item at most; the job status trigger finds the item of a job; covers the (job_id, user_id) foreign key.';

create index batch_items_pending_batch_id_item_index_idx
  on public.batch_items (batch_id, item_index)
  where status = 'pending';
comment on index public.batch_items_pending_batch_id_item_index_idx is
  'Releasing takes a batch''s next pending items in order.';

create index batch_items_batch_id_user_id_idx on public.batch_items (batch_id, user_id);
comment on index public.batch_items_batch_id_user_id_idx is
  'Covers the (batch_id, user_id) foreign key (deleting a batch, or its owner).';

create trigger set_updated_at
  before update on public.batch_jobs
  for each row execute function private.set_updated_at();

create trigger set_updated_at
  before update on public.batch_items
  for each row execute function private.set_updated_at();

alter table public.batch_jobs enable row level security;
alter table public.batch_items enable row level security;

revoke all on table public.batch_jobs from anon, authenticated, service_role;
revoke all on table public.batch_items from anon, authenticated, service_role;
grant select on table public.batch_jobs to authenticated;
grant select on table public.batch_items to authenticated;
grant select, insert, update on table public.batch_jobs to service_role;
grant select, insert, update on table public.batch_items to service_role;

create policy "users can read their own batches, admins all batches"
  on public.batch_jobs for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "users can read the items of their own batches, admins all items"
  on public.batch_items for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

-- Realtime applies each subscriber's RLS: users hear about their own batches' progress only.
alter publication supabase_realtime add table public.batch_jobs, public.batch_items;
