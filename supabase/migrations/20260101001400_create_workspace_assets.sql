-- Generated outputs waiting in the user's workspace (bucket workspace-temp), written by the
-- job callback (service role) in the same transaction that completes the job. An asset always
-- belongs to its job's owner and lives in that job's folder: <user_id>/<job_id>/...
-- Users read and discard their own; saving to the library is a backend copy.

create table public.workspace_assets (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  job_id uuid not null,
  asset_index smallint not null,
  asset_type text not null,
  temp_storage_path text not null,
  thumbnail_path text,
  file_size_bytes bigint,
  mime_type text,
  duration_seconds numeric,
  width integer,
  height integer,
  generation_seed bigint,
  original_prompt text,
  model_used text,
  generation_settings jsonb not null default '{}'::jsonb,
  expires_at timestamptz not null default now() + interval '7 days',
  created_at timestamptz not null default now(),
  constraint workspace_assets_pkey primary key (id),
  constraint workspace_assets_user_id_fkey
    foreign key (user_id) references public.profiles (id) on delete cascade,
  constraint workspace_assets_job_id_fkey
    foreign key (job_id, user_id) references public.jobs (id, user_id) on delete cascade,
  constraint workspace_assets_job_id_asset_index_key unique (job_id, asset_index),
  constraint workspace_assets_asset_index_not_negative check (asset_index >= 0),
  constraint workspace_assets_asset_type_valid check (asset_type in ('image', 'video')),
  constraint workspace_assets_path_in_job_folder
    check (temp_storage_path like user_id::text || '/' || job_id::text || '/_%'),
  constraint workspace_assets_thumbnail_in_job_folder
    check (thumbnail_path like user_id::text || '/' || job_id::text || '/_%'),
  constraint workspace_assets_file_size_not_negative check (file_size_bytes >= 0),
  constraint workspace_assets_dimensions_positive check (width > 0 and height > 0),
  constraint workspace_assets_duration_not_negative check (duration_seconds >= 0)
);

comment on index public.workspace_assets_job_id_asset_index_key is
  'A repeated callback upserts the same asset instead of adding a second one.';

create index workspace_assets_user_id_created_at_idx on public.workspace_assets (user_id, created_at desc);
comment on index public.workspace_assets_user_id_created_at_idx is
  'The workspace grid, newest first; covers the user_id foreign key.';

create index workspace_assets_job_id_user_id_idx on public.workspace_assets (job_id, user_id);
comment on index public.workspace_assets_job_id_user_id_idx is
  'A job''s assets as its owner reads them; covers the (job_id, user_id) foreign key.';

create index workspace_assets_expires_at_idx on public.workspace_assets (expires_at);
comment on index public.workspace_assets_expires_at_idx is
  'The cleanup that removes expired workspace assets.';

alter table public.workspace_assets enable row level security;

revoke all on table public.workspace_assets from anon, authenticated, service_role;
grant select, delete on table public.workspace_assets to authenticated;
grant select, insert, update, delete on table public.workspace_assets to service_role;

create policy "users can read their own workspace assets"
  on public.workspace_assets for select to authenticated
  using (user_id = (select auth.uid()));

create policy "users can discard their own workspace assets"
  on public.workspace_assets for delete to authenticated
  using (user_id = (select auth.uid()));
