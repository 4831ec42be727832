-- The worker registry as workers and admins now use it: workers register and heartbeat with a
-- signed request, naming their capabilities and version; an admin may disable a worker. A
-- disabled worker is also marked unhealthy, so whoever picks workers by status (the LLM client
-- takes `chat` workers that are not unhealthy) skips it without knowing about `enabled`.

alter table public.workers
  add column enabled boolean not null default true,
  add column version text,
  add column capabilities text[] not null default '{}',
  add constraint workers_version_length check (char_length(version) between 1 and 100),
  add constraint workers_disabled_are_unhealthy check (enabled or status = 'unhealthy');
