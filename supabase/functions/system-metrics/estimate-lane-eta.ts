/** How long a job submitted now would wait on one lane, and what the estimate rests on. */
export interface LaneEta {
  /** Null when no healthy worker serves the lane or no recent run time is known. */
  seconds: number | null;
  jobsAhead: number;
  /** Median run time of the lane's recent completed jobs; null without samples. */
  medianRunSeconds: number | null;
  healthyWorkers: number;
  /** Set when nobody can take the lane's jobs: they will wait until a worker comes back. */
  noHealthyWorker: boolean;
}

/**
 * Jobs ahead × median run time ÷ healthy workers. An empty queue waits for nothing; a queue with
 * jobs but no healthy worker has no estimate and says so.
 * @example estimateLaneEta({ jobsAhead: 4, medianRunSeconds: 30, healthyWorkers: 2 }).seconds // 60
 */
export function estimateLaneEta(
  { jobsAhead, medianRunSeconds, healthyWorkers }: {
    jobsAhead: number;
    medianRunSeconds: number | null;
    healthyWorkers: number;
  },
): LaneEta {
  const noHealthyWorker = healthyWorkers === 0;
  const seconds = jobsAhead === 0
    ? 0
    : noHealthyWorker || medianRunSeconds === null
    ? null
    : Math.ceil((jobsAhead * medianRunSeconds) / healthyWorkers);
  return { seconds, jobsAhead, medianRunSeconds, healthyWorkers, noHealthyWorker };
}
