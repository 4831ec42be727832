-- Deliveries already processed, per sender ("replicate", "worker"), keyed by the
-- webhook-id header: a redelivered webhook or callback is recognised and skipped.
-- Only the service role touches this table; it has no policies on purpose.

create table public.webhook_deliveries (
  source text not null,
  delivery_id text not null,
  received_at timestamptz not null default now(),
  constraint webhook_deliveries_pkey primary key (source, delivery_id),
  constraint webhook_deliveries_source_format check (source ~ '^[a-z0-9_]+$'),
  constraint webhook_deliveries_delivery_id_length check (char_length(delivery_id) between 1 and 200)
);

create index webhook_deliveries_received_at_idx on public.webhook_deliveries (received_at);
comment on index public.webhook_deliveries_received_at_idx is
  'Pruning deliveries older than the signature tolerance window.';

alter table public.webhook_deliveries enable row level security;

revoke all on table public.webhook_deliveries from anon, authenticated, service_role;
grant select, insert, delete on table public.webhook_deliveries to service_role;
