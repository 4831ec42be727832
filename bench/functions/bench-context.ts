import type { Redis } from "@upstash/redis";
import type { Sql } from "postgres";
import type { TestUser } from "../../dev/auth/create-test-user.ts";
import type { RunningStack } from "../../dev/stack/start-stack.ts";
import type { CellDriver } from "./measure-cell.ts";

/** What every route's arrangement needs. */
export interface BenchContext {
  stack: RunningStack;
  /** Superuser connection, for arranging rows and reading effects back. */
  sql: Sql;
  redis: Redis;
  /** A function's own Deno server (not through the API origin), as the floors are reached. */
  functionUrl(name: string): string;
  /** Funded users with raised limits, taken in turn so concurrent requests rarely share one. */
  users: TestUser[];
  /** Requests one side sends over the whole bench (warm-ups included). */
  requestsPerSide: number;
}

/** A main route and its floor, each arranged for the whole bench. */
export interface RoutePair {
  /** e.g. "queue-job submit". */
  route: string;
  /** The function serving the route, whose Deno process is sampled. */
  fn: string;
  /** The floor handler, relative to the project. */
  floorFile: string;
  floorHealthPath: string;
  /** Floor handlers read these besides the functions' environment. */
  floorEnv?: Record<string, string>;
  routeDriver: CellDriver;
  floorDriver(origin: string): CellDriver;
}
