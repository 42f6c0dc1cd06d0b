import { z } from "zod";

/** Shared by /api/health, the studio's start-up summary and the home page. */
export const HealthStatus = z.enum(["ok", "degraded", "down", "unconfigured"]);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const ComponentHealth = z.object({ status: HealthStatus, detail: z.string() });
export type ComponentHealth = z.infer<typeof ComponentHealth>;

export const SystemHealth = z.object({
  db: ComponentHealth,
  worker: ComponentHealth,
  model: ComponentHealth,
  sandbox: ComponentHealth,
});
export type SystemHealth = z.infer<typeof SystemHealth>;
