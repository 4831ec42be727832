-- Reference data for a fresh database: settings, providers and models, enhancement presets,
-- negative prompts and prompt templates. Every insert skips rows that already exist, so the
-- seed can run again without changing anything an admin has edited since.

-- Settings ---------------------------------------------------------------------------------
-- Credits are charged per job (whatever num_images asks for), reserved at enqueue and
-- refunded if the job fails or is cancelled (see the credit_ledger migration).

insert into public.system_config (key, value, value_type, is_public, description)
values
  ('credits.signup_grant', '20', 'integer', true, 'Credits granted to every new account (ledger kind "grant").'),
  ('credits.job_cost.sdxl_image_fast', '1', 'integer', true, 'Credits per sdxl_image_fast job.'),
  ('credits.job_cost.sdxl_image_high', '2', 'integer', true, 'Credits per sdxl_image_high job.'),
  ('credits.job_cost.image_fast', '2', 'integer', true, 'Credits per image_fast (WAN) job.'),
  ('credits.job_cost.image_high', '3', 'integer', true, 'Credits per image_high (WAN) job.'),
  ('credits.job_cost.image7b_fast_enhanced', '3', 'integer', true, 'Credits per image7b_fast_enhanced job.'),
  ('credits.job_cost.image7b_high_enhanced', '4', 'integer', true, 'Credits per image7b_high_enhanced job.'),
  ('credits.job_cost.video_fast', '5', 'integer', true, 'Credits per video_fast job.'),
  ('credits.job_cost.video_high', '8', 'integer', true, 'Credits per video_high job.'),
  ('credits.job_cost.wan_video_fast', '5', 'integer', true, 'Credits per wan_video_fast job.'),
  ('credits.job_cost.wan_video_high', '8', 'integer', true, 'Credits per wan_video_high job.'),
  ('credits.job_cost.video7b_fast_enhanced', '6', 'integer', true, 'Credits per video7b_fast_enhanced job.'),
  ('credits.job_cost.video7b_high_enhanced', '9', 'integer', true, 'Credits per video7b_high_enhanced job.'),
  ('credits.job_cost.rv51_fast', '2', 'integer', true, 'Credits per rv51_fast (Replicate) job.'),
  ('credits.job_cost.rv51_high', '3', 'integer', true, 'Credits per rv51_high (Replicate) job.'),
  ('jobs.max_unfinished_per_user', '5', 'integer', true, 'Queued plus processing jobs one user may have at a time.'),
  ('batches.max_items', '100', 'integer', true, 'Items one batch submission may hold.'),
  ('jobs.max_attempts', '3', 'integer', false, 'Deliveries of a job to a worker before it fails.'),
  ('jobs.lease_seconds.sdxl_queue', '300', 'integer', false, 'How long a worker may hold an SDXL job without a heartbeat.'),
  ('jobs.lease_seconds.wan_queue', '900', 'integer', false, 'How long a worker may hold a WAN job without a heartbeat.'),
  ('jobs.lease_seconds.replicate', '3600', 'integer', false, 'How long a Replicate prediction may run without a webhook.'),
  ('jobs.queued_limit_seconds.sdxl_queue', '600', 'integer', false, 'How long an SDXL job may wait in its queue before the sweep pushes it again.'),
  ('jobs.queued_limit_seconds.wan_queue', '1800', 'integer', false, 'How long a WAN job may wait in its queue before the sweep pushes it again.'),
  ('jobs.queued_limit_seconds.replicate', '3600', 'integer', false, 'How long a Replicate job may wait for its prediction to start before the sweep fails it.'),
  ('jobs.replicate_max_age_seconds', '21600', 'integer', false, 'Age at which the sweep fails a Replicate job whose prediction is still running or cannot be asked about, and cancels the prediction.'),
  ('jobs.replicate_check_seconds', '120', 'integer', false, 'How long a Replicate job may go without a webhook before the sweep asks Replicate how its prediction stands (a lost webhook delays a result by at most this and a sweep interval).'),
  ('rate_limits.queue_job.per_minute', '10', 'integer', true, 'queue-job requests per user per minute.'),
  ('rate_limits.enhance_prompt.per_minute', '30', 'integer', true, 'enhance-prompt requests per user per minute.'),
  ('rate_limits.playground_chat.per_minute', '30', 'integer', true, 'playground-chat messages per user per minute.'),
  ('workspace.asset_ttl_days', '7', 'integer', true, 'Days a generated asset stays in the workspace (bucket workspace-temp).'),
  ('storage.worker_url_ttl_seconds', '21600', 'integer', false, 'Lifetime of signed reference URLs handed to workers; outlives the queue wait.'),
  ('enhancement.default_model', '"qwen_instruct"', 'string', false, 'Enhancer used when a request names none.'),
  ('chat.default_content_tier', '"sfw"', 'string', true, 'Content tier of a conversation that does not choose one.'),
  ('workers.health_timeout_ms', '3000', 'integer', false, 'How long the worker health check waits for a worker''s /health.'),
  ('workers.heartbeat_timeout_seconds', '90', 'integer', false, 'A self-registered worker silent this long is marked unhealthy.'),
  ('telemetry.raw_retention_hours', '48', 'integer', false, 'Hours raw request telemetry (system_metrics) is kept; per-minute rollups outlive it.'),
  ('telemetry.rollup_retention_days', '30', 'integer', false, 'Days the per-minute request rollups are kept.'),
  ('chat.prompt_token_budget', '8192', 'integer', false, 'Estimated tokens of one chat request: system prompt, history, the new message and the reply.'),
  ('chat.experiment_parallel_runs', '3', 'integer', false, 'Runs of one user''s experiment that call models at the same time.'),
  ('chat.experiment_max_running_runs', '16', 'integer', false, 'Experiment runs one user may have in flight across requests; more are answered 429.')
on conflict (key) do nothing;

-- Providers and models ---------------------------------------------------------------------

insert into public.api_providers (name, display_name, base_url, auth_scheme, secret_name, rate_limits)
values
  ('local', 'Local GPU workers', null, 'none', null, '{}'),
  ('replicate', 'Replicate', 'https://api.replicate.com/v1', 'bearer', 'REPLICATE_API_TOKEN',
    '{"predictions_per_minute": 600}'),
  ('openrouter', 'OpenRouter', 'https://openrouter.ai/api/v1', 'bearer', 'OPENROUTER_API_KEY',
    '{"requests_per_minute": 60}')
on conflict (name) do nothing;

insert into public.api_models (
  provider_id, model_key, version, display_name, modality, model_family, tasks, default_for_tasks,
  input_defaults, capabilities, priority
)
select provider.id, model.model_key, model.version, model.display_name, model.modality,
  model.model_family, model.tasks, model.default_for_tasks, model.input_defaults,
  model.capabilities, model.priority
from (
  values
    ('local', 'sdxl', null, 'SDXL (local)', 'image', 'sdxl',
      array['t2i', 'i2i'], array['t2i', 'i2i'],
      '{"num_inference_steps": 25, "guidance_scale": 7.0, "resolution": "1024x1024", "num_images": 1}'::jsonb,
      '{"nsfw": true, "reference_image": true, "max_images": 6, "queue": "sdxl_queue"}'::jsonb,
      100),
    ('local', 'wan2.1-t2v-1.3b', null, 'WAN 2.1 1.3B (local)', 'video', 'wan',
      array['t2v', 'i2v'], array['t2v', 'i2v'],
      '{"sample_steps": 25, "sample_guide_scale": 6.5, "sample_solver": "unipc", "resolution": "480x832", "num_frames": 83}'::jsonb,
      '{"nsfw": true, "start_frame": true, "end_frame": true, "queue": "wan_queue"}'::jsonb,
      100),
    ('replicate', 'stability-ai/sdxl', '7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc',
      'SDXL (Replicate)', 'image', 'sdxl',
      array['t2i', 'i2i'], array[]::text[],
      '{"width": 1024, "height": 1024, "num_inference_steps": 30, "guidance_scale": 7.5, "scheduler": "K_EULER", "refine": "expert_ensemble_refiner", "apply_watermark": false}'::jsonb,
      '{"nsfw": false, "reference_image": true, "max_images": 4}'::jsonb,
      50),
    ('local', 'Qwen/Qwen2.5-7B-Instruct', null, 'Qwen 2.5 7B Instruct (local)', 'chat', 'qwen',
      array['chat', 'enhance'], array['chat', 'enhance'],
      '{"max_tokens": 1024, "temperature": 0.7, "top_p": 0.9}'::jsonb,
      '{"nsfw": true, "streaming": false, "context_tokens": 32768}'::jsonb,
      100)
) as model (provider_name, model_key, version, display_name, modality, model_family, tasks,
  default_for_tasks, input_defaults, capabilities, priority)
join public.api_providers provider on provider.name = model.provider_name
on conflict (provider_id, model_key, version) do nothing;

-- Enhancement presets ----------------------------------------------------------------------

insert into public.enhancement_presets (
  preset_name, preset_description, enable_qwen, enable_compel, auto_enhancement,
  qwen_settings, compel_weights, is_recommended
)
values
  ('Raw prompt', 'Send the prompt exactly as written.', false, false, false, '{}', '{}', false),
  ('Smart enhance', 'Rewrite the prompt for the target model with the LLM enhancer.', true, false, true,
    '{"temperature": 0.7, "max_tokens": 200}', '{}', true),
  ('Emphasis weights', 'Keep the wording; strengthen quality and detail terms with Compel weights.', false, true, false,
    '{}', '{"quality": 1.2, "detail": 1.1, "lighting": 1.1}', false),
  ('Full enhancement', 'LLM rewrite followed by Compel weighting.', true, true, true,
    '{"temperature": 0.7, "max_tokens": 200}', '{"quality": 1.2, "detail": 1.1}', false)
on conflict (preset_name) do nothing;

-- Negative prompts -------------------------------------------------------------------------
-- Several rows of one model/content/mode are joined in priority order (highest first).

insert into public.negative_prompts (model_type, content_mode, generation_mode, priority, negative_prompt, description)
select v.model_type, v.content_mode, v.generation_mode, v.priority, v.negative_prompt, v.description
from (
  values
    ('sdxl', 'sfw', 'txt2img', 100,
      'worst quality, low quality, lowres, blurry, out of focus, jpeg artifacts, pixelated, overexposed, underexposed, watermark, signature, text, logo, cropped, out of frame',
      'Image quality'),
    ('sdxl', 'sfw', 'txt2img', 50,
      'bad anatomy, deformed, disfigured, malformed hands, extra fingers, missing fingers, fused fingers, extra limbs, long neck, cross-eyed, asymmetrical eyes',
      'Anatomy'),
    ('sdxl', 'sfw', 'txt2img', 10,
      'nsfw, nudity, naked, explicit, sexual, cleavage, lingerie, gore, blood',
      'Keeps SFW output clothed and non-graphic'),
    ('sdxl', 'nsfw', 'txt2img', 100,
      'worst quality, low quality, lowres, blurry, out of focus, jpeg artifacts, pixelated, watermark, signature, text, logo, cropped, out of frame',
      'Image quality'),
    ('sdxl', 'nsfw', 'txt2img', 50,
      'bad anatomy, deformed, disfigured, malformed hands, extra fingers, missing fingers, fused fingers, extra limbs, extra breasts, malformed genitals, long neck',
      'Anatomy'),
    ('sdxl', 'nsfw', 'txt2img', 10,
      'child, children, kid, minor, underage, teen, teenager, childlike, young-looking, petite child body, school uniform',
      'Keeps every subject adult'),
    ('sdxl', 'sfw', 'i2i', 100,
      'worst quality, low quality, blurry, jpeg artifacts, watermark, text, inconsistent lighting, mismatched style, changed face, different person, distorted proportions',
      'Image-to-image fidelity'),
    ('sdxl', 'nsfw', 'i2i', 100,
      'worst quality, low quality, blurry, jpeg artifacts, watermark, text, inconsistent lighting, changed face, different person, distorted proportions, child, minor, underage, childlike',
      'Image-to-image fidelity, adult subjects only'),
    ('wan', 'sfw', 'txt2img', 100,
      'bright tones, overexposed, static, blurred details, subtitles, overall gray, worst quality, low quality, jpeg compression artifacts, ugly, incomplete, extra fingers, poorly drawn hands, poorly drawn faces, deformed, disfigured, malformed limbs, fused fingers, still picture, messy background, three legs, many people in the background, walking backwards',
      'WAN 2.1 default negative prompt'),
    ('wan', 'sfw', 'txt2img', 10,
      'nudity, naked, explicit, sexual, gore, blood',
      'Keeps SFW output clothed and non-graphic'),
    ('wan', 'nsfw', 'txt2img', 100,
      'bright tones, overexposed, static, blurred details, subtitles, overall gray, worst quality, low quality, jpeg compression artifacts, ugly, incomplete, extra fingers, poorly drawn hands, poorly drawn faces, deformed, disfigured, malformed limbs, fused fingers, still picture, messy background, walking backwards',
      'WAN 2.1 default negative prompt'),
    ('wan', 'nsfw', 'txt2img', 10,
      'child, children, kid, minor, underage, teen, teenager, childlike, young-looking',
      'Keeps every subject adult'),
    ('wan', 'sfw', 'i2i', 100,
      'flicker, jitter, identity drift, face morphing, inconsistent with reference image, sudden scene change, warped background, blurred details, low quality, subtitles',
      'Video from reference frames: temporal consistency'),
    ('wan', 'nsfw', 'i2i', 100,
      'flicker, jitter, identity drift, face morphing, inconsistent with reference image, sudden scene change, warped background, low quality, subtitles, child, minor, underage, childlike',
      'Video from reference frames: temporal consistency, adult subjects only')
) as v (model_type, content_mode, generation_mode, priority, negative_prompt, description)
where not exists (
  select 1 from public.negative_prompts existing
  where existing.model_type = v.model_type
    and existing.content_mode = v.content_mode
    and existing.generation_mode = v.generation_mode
    and existing.priority = v.priority
);

-- Prompt templates -------------------------------------------------------------------------
-- Enhancement templates rewrite a user's prompt for one target model and content mode.
-- Chat templates use {{placeholders}} that playground-chat fills from the character,
-- scene and conversation; metadata.variables lists them.

insert into public.prompt_templates (
  template_name, use_case, content_mode, enhancer_model, target_model, token_limit, description,
  metadata, system_prompt
)
values
  ('sdxl_image_sfw_enhancement', 'enhancement', 'sfw', 'qwen_instruct', 'sdxl', 120,
    'Rewrites an image idea into a compact SDXL prompt for a general audience.', '{}',
$prompt$You are a prompt engineer for Stable Diffusion XL. Rewrite the user's image idea into one SDXL prompt.

Output: the prompt only, on one line, with no preamble, quotes, labels or explanations.

How to write it:
- Keep the user's subject, number of subjects, key details and intent. Do not add people, objects or text they did not ask for.
- Use comma-separated descriptive phrases in this order: main subject and action; appearance (face, hair, clothing, materials); setting and background; composition and camera (shot type, angle, lens, depth of field); lighting and colour palette; style or medium; at most three quality terms.
- Stay under 75 tokens. SDXL ignores everything after 77 tokens, so the most important words come first.
- Prefer concrete visual words (materials, colours, textures, time of day, weather) over vague praise such as "beautiful" or "amazing".
- If the user names a style (anime, oil painting, 35mm film photo, 3D render), keep it and use that style's vocabulary; otherwise choose a photographic style that fits the subject.
- Do not write weights, brackets or negative terms; negative prompts are handled separately.

Content rules (general audience):
- No nudity, sexual content, graphic violence or gore. If the idea asks for them, describe a tasteful, fully clothed, non-graphic version of the same scene instead of refusing.
- No real, identifiable people in compromising situations.$prompt$),

  ('sdxl_image_nsfw_enhancement', 'enhancement', 'nsfw', 'qwen_instruct', 'sdxl', 120,
    'Rewrites an image idea into a compact SDXL prompt in adult mode.', '{}',
$prompt$You are a prompt engineer for Stable Diffusion XL on a platform for verified adults. Rewrite the user's image idea into one SDXL prompt.

Output: the prompt only, on one line, with no preamble, quotes, labels or explanations.

How to write it:
- Keep the user's subject, number of subjects, key details and intent. Do not add people, objects or text they did not ask for.
- Use comma-separated descriptive phrases in this order: main subject and action; body and appearance (face, hair, clothing or its absence, materials); setting and background; composition and camera (shot type, angle, lens, depth of field); lighting and colour palette; style or medium; at most three quality terms.
- Stay under 75 tokens. SDXL ignores everything after 77 tokens, so the most important words come first.
- Prefer concrete visual words over vague praise. Keep anatomy plausible and describe it plainly.
- Do not write weights, brackets or negative terms; negative prompts are handled separately.

Content rules (adult mode):
- Explicit adult content is allowed when the user asks for it. Match the explicitness of the request; never add nudity or sexual content the user did not ask for.
- Every person is an adult: describe subjects as adults (for example "adult woman", "man in his thirties"). If the idea mentions or implies anyone under 18 (child, teen, schoolgirl, young-looking or similar), drop that element and describe clearly adult subjects.
- Only consensual situations between adults: never add violence, coercion, intoxication or non-consent.
- No real, identifiable people, celebrities or public figures.$prompt$),

  ('wan_image_sfw_enhancement', 'enhancement', 'sfw', 'qwen_instruct', 'wan', 200,
    'Rewrites an image idea into natural-language prose for WAN single-frame images, general audience.', '{}',
$prompt$You are a prompt engineer for the WAN 2.1 model, which here renders a single still frame. Rewrite the user's image idea into one WAN prompt.

Output: the prompt only, as natural prose of two to four sentences (60 to 120 words), with no preamble, lists or explanations.

How to write it:
- WAN understands full sentences better than tag lists. Start with the main subject and what it is doing, then its appearance, then the setting.
- Keep the user's subject, number of subjects, key details and intent. Do not add people, objects or text they did not ask for.
- Describe one frozen moment: pose, expression, gesture, and where the subject sits in the frame (close-up, medium shot, full body, wide shot).
- Describe the light precisely (soft window light, golden hour backlight, neon signs at night) and the colour palette.
- Name the visual style (photorealistic, cinematic film still, anime illustration, watercolour) and keep any style the user asked for.
- No text, captions or watermarks in the image.

Content rules (general audience):
- No nudity, sexual content, graphic violence or gore. If the idea asks for them, describe a tasteful, fully clothed, non-graphic version of the same scene instead of refusing.
- No real, identifiable people in compromising situations.$prompt$),

  ('wan_image_nsfw_enhancement', 'enhancement', 'nsfw', 'qwen_instruct', 'wan', 200,
    'Rewrites an image idea into natural-language prose for WAN single-frame images, adult mode.', '{}',
$prompt$You are a prompt engineer for the WAN 2.1 model on a platform for verified adults; here it renders a single still frame. Rewrite the user's image idea into one WAN prompt.

Output: the prompt only, as natural prose of two to four sentences (60 to 120 words), with no preamble, lists or explanations.

How to write it:
- Start with the main subject and what it is doing, then appearance, then the setting. Full sentences, not tag lists.
- Keep the user's subject, number of subjects, key details and intent. Do not add people, objects or text they did not ask for.
- Describe one frozen moment: pose, expression, framing (close-up, medium shot, full body), light and colour palette, and the visual style.
- Keep anatomy plausible and describe it plainly. No text, captions or watermarks.

Content rules (adult mode):
- Explicit adult content is allowed when the user asks for it. Match the explicitness of the request; never add nudity or sexual content the user did not ask for.
- Every person is an adult: describe subjects as adults. If the idea mentions or implies anyone under 18 (child, teen, schoolgirl, young-looking or similar), drop that element and describe clearly adult subjects.
- Only consensual situations between adults: never add violence, coercion, intoxication or non-consent.
- No real, identifiable people, celebrities or public figures.$prompt$),

  ('wan_video_sfw_enhancement', 'enhancement', 'sfw', 'qwen_instruct', 'wan', 250,
    'Rewrites a video idea into one continuous five-second WAN shot, general audience.', '{}',
$prompt$You are a prompt engineer for the WAN 2.1 text-to-video model, which renders a clip of about five seconds from one prompt. Rewrite the user's video idea into one WAN prompt.

Output: the prompt only, as natural prose of 80 to 150 words, with no preamble, lists or explanations.

How to write it:
- Open with the main subject and what it does. The action must fit in about five seconds and be one continuous shot: no cuts, no scene changes, no sequence of separate events.
- Describe motion explicitly: what moves, in which direction and how fast ("slowly turns her head toward the window", "waves roll onto the sand", "snow drifts down"). A prompt without motion produces a still video.
- State what the camera does, at most one move: static shot, slow dolly-in, tracking shot following the subject, gentle pan to the left, handheld.
- Then the setting, the light (time of day, light sources, mood) and the visual style (cinematic, documentary, anime, stop-motion).
- Keep it physically plausible: consistent anatomy, objects keep their shape, nothing appears from nowhere. No text or subtitles.
- If the user supplied a start or end frame, describe a motion that plausibly leads from one to the other and do not contradict what they show.
- Keep the user's subject, number of subjects and intent; do not add people or objects they did not ask for.

Content rules (general audience):
- No nudity, sexual content, graphic violence or gore. If the idea asks for them, describe a tasteful, fully clothed, non-graphic version instead of refusing.
- No real, identifiable people in compromising situations.$prompt$),

  ('wan_video_nsfw_enhancement', 'enhancement', 'nsfw', 'qwen_instruct', 'wan', 250,
    'Rewrites a video idea into one continuous five-second WAN shot, adult mode.', '{}',
$prompt$You are a prompt engineer for the WAN 2.1 text-to-video model on a platform for verified adults. It renders a clip of about five seconds from one prompt. Rewrite the user's video idea into one WAN prompt.

Output: the prompt only, as natural prose of 80 to 150 words, with no preamble, lists or explanations.

How to write it:
- Open with the main subject and what it does. The action must fit in about five seconds and be one continuous shot: no cuts, no scene changes.
- Describe motion explicitly: what moves, in which direction and how fast. A prompt without motion produces a still video.
- State what the camera does, at most one move (static, slow dolly-in, tracking, gentle pan).
- Then the setting, the light and the visual style. Keep anatomy and motion physically plausible. No text or subtitles.
- If the user supplied a start or end frame, describe a motion that plausibly leads from one to the other.
- Keep the user's subject, number of subjects and intent; do not add people or objects they did not ask for.

Content rules (adult mode):
- Explicit adult content is allowed when the user asks for it. Match the explicitness of the request; never add nudity or sexual content the user did not ask for.
- Every person is an adult: describe subjects as adults. If the idea mentions or implies anyone under 18 (child, teen, schoolgirl, young-looking or similar), drop that element and describe clearly adult subjects.
- Only consensual situations between adults: never add violence, coercion, intoxication or non-consent.
- No real, identifiable people, celebrities or public figures.$prompt$),

  ('chat_general_sfw', 'chat_general', 'sfw', 'qwen_instruct', null, 1024,
    'Creative assistant of the studio, general audience.', '{}',
$prompt$You are the creative assistant of an AI image and video studio. You help users develop ideas, write and refine prompts for image generation (SDXL) and video generation (WAN), plan scenes and short stories, and use the studio well.

- Be concise and concrete. When you suggest a prompt, put it on its own line so it can be copied.
- Image prompts follow SDXL conventions: comma-separated phrases, most important first, under 75 tokens. Video prompts describe one continuous shot of about five seconds with explicit motion and at most one camera move.
- When a request is ambiguous, ask one clarifying question; otherwise make reasonable choices and say which ones you made.
- You cannot start generations yourself and never claim to have made an image or video; the user starts them from the studio.
- Keep the conversation suitable for a general audience. Decline sexual or graphically violent content politely and offer a tasteful alternative.$prompt$),

  ('chat_general_nsfw', 'chat_general', 'nsfw', 'qwen_instruct', null, 1024,
    'Creative assistant of the studio, adult mode.', '{}',
$prompt$You are the creative assistant of an AI image and video studio for verified adults. You help users develop ideas, write and refine prompts for image generation (SDXL) and video generation (WAN), plan scenes and short stories, and use the studio well.

- Be concise and concrete. When you suggest a prompt, put it on its own line so it can be copied.
- Image prompts follow SDXL conventions: comma-separated phrases, most important first, under 75 tokens. Video prompts describe one continuous shot of about five seconds with explicit motion and at most one camera move.
- When a request is ambiguous, ask one clarifying question; otherwise make reasonable choices and say which ones you made.
- You cannot start generations yourself and never claim to have made an image or video.

Content rules (adult mode):
- Adult and sexual themes are allowed when the user brings them up; match their level of explicitness and do not escalate on your own.
- Everyone involved is an adult. Refuse anything that involves or implies a person under 18, and say so briefly.
- Only consensual situations between adults. No real, identifiable people, celebrities or public figures.$prompt$),

  ('character_roleplay_sfw', 'character_roleplay', 'sfw', 'qwen_instruct', null, 600,
    'Plays a character in an interactive story, general audience.',
    '{"variables": ["character_name", "character_description", "character_persona", "voice_tone", "mood", "voice_examples", "scene_context", "user_name", "forbidden_phrases"]}',
$prompt$You are {{character_name}}, a character in an interactive story with {{user_name}}.

Who you are: {{character_description}}
Personality: {{character_persona}}
Voice and tone: {{voice_tone}}. Current mood: {{mood}}.
How you sound: {{voice_examples}}
Scene: {{scene_context}}

How to play:
- Stay in character at all times. Speak in the first person as {{character_name}}; never mention being an AI, a model or a prompt.
- Write only your own words, actions and thoughts. Never speak, act or decide for {{user_name}}.
- Keep each reply to one to three short paragraphs. Put actions in *asterisks* and dialogue in plain text.
- Move the story forward: react to what {{user_name}} did, then add a detail, a choice or a complication.
- Keep continuity with earlier messages: names, places, objects and what already happened.
- Never use these phrases: {{forbidden_phrases}}.
- Keep the story suitable for a general audience: no sexual content and no graphic violence. If the story drifts there, steer the scene elsewhere while staying in character.$prompt$),

  ('character_roleplay_nsfw', 'character_roleplay', 'nsfw', 'qwen_instruct', null, 600,
    'Plays a character in an interactive story, adult mode.',
    '{"variables": ["character_name", "character_description", "character_persona", "voice_tone", "mood", "voice_examples", "scene_context", "user_name", "forbidden_phrases"]}',
$prompt$You are {{character_name}}, a character in an interactive story for adults with {{user_name}}.

Who you are: {{character_description}}
Personality: {{character_persona}}
Voice and tone: {{voice_tone}}. Current mood: {{mood}}.
How you sound: {{voice_examples}}
Scene: {{scene_context}}

How to play:
- Stay in character at all times. Speak in the first person as {{character_name}}; never mention being an AI, a model or a prompt.
- Write only your own words, actions and thoughts. Never speak, act or decide for {{user_name}}.
- Keep each reply to one to three short paragraphs. Put actions in *asterisks* and dialogue in plain text.
- Move the story forward and keep continuity with earlier messages.
- Never use these phrases: {{forbidden_phrases}}.

Content rules (adult mode):
- Romance and explicit sexual content are allowed when {{user_name}} leads the story there; follow their pace rather than escalating on your own.
- You and {{user_name}} are adults. Never portray, describe or allude to anyone under 18; if the story implies it, steer away at once.
- Consent is clear and ongoing: if {{user_name}} hesitates or says stop, respect it in the story.
- No real, identifiable people, celebrities or public figures.$prompt$),

  ('scene_image_sfw', 'scene_narration', 'sfw', 'qwen_instruct', 'sdxl', 120,
    'Turns the current moment of a roleplay into an SDXL prompt, general audience.',
    '{"variables": ["character_appearance", "scene_context"]}',
$prompt$You turn the current moment of a roleplay conversation into one SDXL image prompt that shows the scene.

You receive the character's fixed appearance ({{character_appearance}}), the setting ({{scene_context}}) and the latest messages.

Output: the prompt only, on one line, with no preamble or explanations.

- Show the current moment: who is present, their pose and expression, what they are doing and where.
- Repeat the character's fixed appearance details exactly (hair, eyes, build, clothing, distinguishing features) so the character stays recognisable from scene to scene.
- Comma-separated phrases, most important first, under 75 tokens; add composition, lighting and style.
- No dialogue, no names of participants, no text to render.
- Keep it suitable for a general audience: clothed, non-sexual, non-graphic.$prompt$),

  ('scene_image_nsfw', 'scene_narration', 'nsfw', 'qwen_instruct', 'sdxl', 120,
    'Turns the current moment of a roleplay into an SDXL prompt, adult mode.',
    '{"variables": ["character_appearance", "scene_context"]}',
$prompt$You turn the current moment of an adult roleplay conversation into one SDXL image prompt that shows the scene.

You receive the character's fixed appearance ({{character_appearance}}), the setting ({{scene_context}}) and the latest messages.

Output: the prompt only, on one line, with no preamble or explanations.

- Show the current moment: who is present, their pose and expression, what they are doing and where.
- Repeat the character's fixed appearance details exactly so the character stays recognisable from scene to scene.
- Comma-separated phrases, most important first, under 75 tokens; add composition, lighting and style.
- No dialogue, no names of participants, no text to render.
- Explicit content only as far as the conversation itself went. Every person is an adult and described as one; if anything implies a person under 18, leave it out. No real, identifiable people.$prompt$)
on conflict (template_name, version) do nothing;

-- Enhancement and scene templates serve one job category, spelled in their names.
update public.prompt_templates
set job_category = case when template_name like '%video%' then 'video' else 'image' end
where target_model is not null and job_category is null;
