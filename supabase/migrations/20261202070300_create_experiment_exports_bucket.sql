-- Experiment exports (JSON and CSV files) written by playground-chat with the service role at
-- `<user_id>/<export id>.<format>`. Private with no policy for users: the owner downloads an
-- export only through the signed URL the export answers with.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('experiment-exports', 'experiment-exports', false, 52428800, array['application/json', 'text/csv'])
on conflict (id) do nothing;
