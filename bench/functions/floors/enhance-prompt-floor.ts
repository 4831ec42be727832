// The floor of a prompt enhancement: verify the JWT, one model call with a system prompt held in
// memory (as a warm template cache holds it).
import { answer, env, serveFloor, verifyUser } from "./floor-runtime.ts";

const SYSTEM_PROMPT = "Rewrite the user's idea as a detailed prompt for an image model.";

serveFloor(async (request) => {
  const userId = await verifyUser(request);
  if (!userId) return answer({ error: "unauthorized" }, 401);
  const { prompt } = (await request.json()) as { prompt: string };
  const completion = await fetch(`${env.BENCH_LLM_URL}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "stand-in",
      messages: [{ role: "system", content: SYSTEM_PROMPT }, { role: "user", content: prompt }],
    }),
  });
  if (!completion.ok) return answer({ error: "model unavailable" }, 503);
  const reply = (await completion.json()) as { choices: { message: { content: string } }[] };
  return answer({
    original_prompt: prompt,
    enhanced_prompt: reply.choices[0].message.content,
    enhancement_strategy: "template_enhancement",
  }, 200);
});
