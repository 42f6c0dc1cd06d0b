import { z } from "zod";

/** Shared by /api/health, the studio's start-up summary and the home page. */
export const HealthStatus = z.enum(["ok", "degraded", "down", "unconfigured"]);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const ComponentHealth = z.object({ status: HealthStatus, detail: z.string() });
export type ComponentHealth = z.infer<typeof ComponentHealth>;

/** One verification language: whether code in it can run here, the toolchain, or why not. */
export const SandboxLanguage = z.object({ language: z.string(), available: z.boolean(), detail: z.string() });
export type SandboxLanguage = z.infer<typeof SandboxLanguage>;

export const SandboxHealth = ComponentHealth.extend({ languages: z.array(SandboxLanguage) });
export type SandboxHealth = z.infer<typeof SandboxHealth>;

export const SystemHealth = z.object({
  db: ComponentHealth,
  worker: ComponentHealth,
  model: ComponentHealth,
  sandbox: SandboxHealth,
});
export type SystemHealth = z.infer<typeof SystemHealth>;
