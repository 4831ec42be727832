import { z } from "zod";

/** An outage of the whole stand-in, for every model: `timeout` leaves every request unanswered. */
export const standInOutageSchema = z.strictObject({ timeout: z.boolean() });

export type StandInOutage = z.infer<typeof standInOutageSchema>;

/** Switches the outage of a running stand-in at `origin` on or off. */
export async function setStandInOutage(origin: string, outage: StandInOutage): Promise<void> {
  const response = await fetch(`${origin}/_stand-in/outage`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(outage),
  });
  if (!response.ok) throw new Error(`LLM stand-in answered ${response.status}`);
}
