-- The frontend learns about results through Realtime: job updates, new workspace assets and
-- library changes. Realtime applies each subscriber's RLS, so users only hear about their own rows.

alter publication supabase_realtime
  add table public.jobs, public.workspace_assets, public.user_library;
