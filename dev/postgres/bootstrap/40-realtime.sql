-- Realtime streams the tables that migrations add to this publication.
create publication supabase_realtime;
