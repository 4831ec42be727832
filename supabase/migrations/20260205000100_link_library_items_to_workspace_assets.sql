-- What saving to the library needs from user_library: the workspace asset an item was saved
-- from, so that saving the same asset twice finds the first item instead of making a copy, and
-- the generation settings the asset was made with. Both are backend-owned: workspace-actions
-- writes them as the service role; users read them with the rest of their library (no column
-- grant lets them change either).

alter table public.user_library
  add column workspace_asset_id uuid,
  add column generation_settings jsonb not null default '{}'::jsonb,
  add constraint user_library_workspace_asset_id_key unique (workspace_asset_id);

comment on column public.user_library.workspace_asset_id is
  'The workspace asset this item was saved from. No foreign key: the item outlives the asset.';
comment on column public.user_library.generation_settings is
  'The generation settings of the saved asset and the job facts that made it (job type, quality).';
comment on index public.user_library_workspace_asset_id_key is
  'Saving a workspace asset again finds the item saved the first time (on conflict do nothing).';
