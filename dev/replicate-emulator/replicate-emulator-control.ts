import type { WebhookDeliveryRecord } from "./create-prediction-registry.ts";
import type { PredictionScript } from "./prediction-script.ts";

/**
 * Drives a running stand-in over HTTP, from another process than the one that started it (a test
 * worker against the stack's stand-in). `apiUrl` is the base URL including `/v1`.
 */
export function replicateEmulatorControl(apiUrl: string, apiToken: string) {
  const origin = apiUrl.replace(/\/v1\/?$/, "");
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${origin}/_emulator${path}`, {
      ...init,
      headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
    });
    if (!response.ok) {
      throw new Error(`Replicate stand-in answered ${response.status}: ${await response.text()}`);
    }
    return response.json();
  };
  return {
    /** Arranges how matching future predictions behave; give each test's scripts an `inputIncludes` of its own. */
    async script(...scripts: PredictionScript[]): Promise<void> {
      await call("/scripts", { method: "POST", body: JSON.stringify({ scripts }) });
    },
    /** While `failing`, every webhook attempt fails as if our receiver were unreachable. */
    async webhookOutage(failing: boolean): Promise<void> {
      await call("/webhook-outage", { method: "PUT", body: JSON.stringify({ failing }) });
    },
    /** Webhook messages sent so far (for one prediction, or all), oldest first. */
    deliveries(predictionId?: string): Promise<WebhookDeliveryRecord[]> {
      return call(
        predictionId === undefined
          ? "/deliveries"
          : `/deliveries?prediction_id=${encodeURIComponent(predictionId)}`,
      );
    },
  };
}
