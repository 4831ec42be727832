-- webhooks.tolerance_seconds was seeded but never read: the Standard Webhooks tolerance is fixed at
-- five minutes by the workers' and Replicate's contract. A setting that does nothing misleads the
-- admin who changes it, so it goes.

delete from public.system_config where key = 'webhooks.tolerance_seconds';
