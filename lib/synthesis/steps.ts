import "server-only";
import type { Db, Prisma } from "@/lib/db/client";

/**
 * Durable steps: a model call whose answer is stored under (key, step) is never paid for twice.
 * A job that runs again after a crash finds the answers it already has and asks only for the rest.
 */
export async function durableStep<T>(db: Db, key: string, step: string, call: () => Promise<{ value: T; llmCallId?: string }>): Promise<T> {
  const done = await db.workStep.findUnique({ where: { key_step: { key, step } }, select: { output: true } });
  if (done) return done.output as T;
  const { value, llmCallId } = await call();
  // Two workers racing on the same step (only possible after a false death) keep the first answer.
  await db.workStep.createMany({ data: [{ key, step, output: value as Prisma.InputJsonValue, llmCallId: llmCallId ?? null }], skipDuplicates: true });
  return value;
}
