-- Roles a user holds, and the one helper that decides who is an admin.
-- Roles change only through admins (Data API) or the service role.

create type public.app_role as enum ('admin', 'moderator', 'premium_user', 'basic_user', 'guest');

create table public.user_roles (
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  role public.app_role not null,
  created_at timestamptz not null default now(),
  constraint user_roles_pkey primary key (id),
  constraint user_roles_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade,
  constraint user_roles_user_id_role_key unique (user_id, role)
);

comment on index public.user_roles_user_id_role_key is
  'private.is_admin() and "which roles does this user hold"; covers the user_id foreign key.';

-- Security definer so policies on user_roles itself can call it without recursing into them.
create function private.is_admin() returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.user_roles
    where user_id = (select auth.uid())
      and role = 'admin'
  )
$$;

revoke execute on function private.is_admin() from public;
grant execute on function private.is_admin() to authenticated, service_role;

alter table public.user_roles enable row level security;

revoke all on table public.user_roles from anon, authenticated, service_role;
grant select, delete on table public.user_roles to authenticated;
grant insert (user_id, role) on table public.user_roles to authenticated;
grant select, insert, delete on table public.user_roles to service_role;

create policy "users can read their own roles, admins all roles"
  on public.user_roles for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "admins can assign roles"
  on public.user_roles for insert to authenticated
  with check ((select private.is_admin()));

create policy "admins can revoke roles"
  on public.user_roles for delete to authenticated
  using ((select private.is_admin()));
