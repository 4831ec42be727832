-- The roles hosted Supabase creates before any project migration runs.
-- PostgREST, Storage and the edge runtime switch between them per request.
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit password 'postgres';
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
