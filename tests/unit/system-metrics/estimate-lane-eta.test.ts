import { describe, expect, it } from "vitest";
import { estimateLaneEta } from "../../../supabase/functions/system-metrics/estimate-lane-eta.ts";

describe("estimateLaneEta", () => {
  it("divides the work ahead by the healthy workers, rounding up to a whole second", () => {
    expect(estimateLaneEta({ jobsAhead: 5, medianRunSeconds: 7, healthyWorkers: 2 }).seconds).toBe(
      18,
    );
  });

  it("waits for nothing when the queue is empty, even without a worker", () => {
    expect(estimateLaneEta({ jobsAhead: 0, medianRunSeconds: null, healthyWorkers: 0 }))
      .toEqual({
        seconds: 0,
        jobsAhead: 0,
        medianRunSeconds: null,
        healthyWorkers: 0,
        noHealthyWorker: true,
      });
  });

  it("gives no estimate, and says why, when jobs wait and no healthy worker can take them", () => {
    expect(estimateLaneEta({ jobsAhead: 3, medianRunSeconds: 20, healthyWorkers: 0 }))
      .toMatchObject({ seconds: null, noHealthyWorker: true });
  });

  it("gives no estimate before any job of the lane has completed", () => {
    expect(estimateLaneEta({ jobsAhead: 3, medianRunSeconds: null, healthyWorkers: 1 }))
      .toMatchObject({ seconds: null, noHealthyWorker: false });
  });
});
