-- Hosted Supabase's defaults for the public schema: the API roles may use it, and objects
-- that postgres creates there are granted to them (RLS then decides row access).
-- Project migrations revoke and grant explicitly on top of this.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
