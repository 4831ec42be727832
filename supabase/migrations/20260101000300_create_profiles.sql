-- One profile per auth user (created by the signup trigger in a later migration).
-- Users may change their username and default character; the balance, subscription and age
-- verification belong to the backend. token_balance is written only by the credit ledger.

create table public.profiles (
  id uuid not null,
  username text,
  subscription_status text not null default 'free',
  token_balance integer not null default 0,
  age_verified boolean not null default false,
  age_verified_at timestamptz,
  birth_date date,
  default_user_character_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_pkey primary key (id),
  constraint profiles_id_fkey foreign key (id) references auth.users (id) on delete cascade,
  constraint profiles_username_format check (username ~ '^[A-Za-z0-9_]{3,30}$'),
  constraint profiles_subscription_status_valid
    check (subscription_status in ('free', 'active', 'past_due', 'cancelled')),
  constraint profiles_token_balance_not_negative check (token_balance >= 0)
);

create unique index profiles_username_key on public.profiles (lower(username));
comment on index public.profiles_username_key is
  'Usernames are unique regardless of case; serves "is this username taken".';

create trigger set_updated_at
  before update on public.profiles
  for each row execute function private.set_updated_at();

alter table public.profiles enable row level security;

revoke all on table public.profiles from anon, authenticated, service_role;
grant select on table public.profiles to authenticated;
grant update (username, default_user_character_id) on table public.profiles to authenticated;
grant select on table public.profiles to service_role;
grant update (
  username, subscription_status, age_verified, age_verified_at, birth_date, default_user_character_id
) on table public.profiles to service_role;

create policy "users can read their own profile, admins all profiles"
  on public.profiles for select to authenticated
  using (id = (select auth.uid()) or (select private.is_admin()));

create policy "users can update their own profile"
  on public.profiles for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
