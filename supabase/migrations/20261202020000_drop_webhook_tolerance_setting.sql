-- webhooks.tolerance_seconds was never read: the Standard Webhooks contract fixes the accepted
-- clock skew of signed webhooks and worker callbacks at five minutes either way, in code. A
-- setting that changes nothing misleads whoever edits it, so it goes.

delete from public.system_config where key = 'webhooks.tolerance_seconds';
