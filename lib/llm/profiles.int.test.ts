import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createEndpointProfile, listEndpointProfiles, resolveEndpoint, updateEndpointProfile } from "@/lib/llm/profiles";
import { newSecretKey } from "@/lib/llm/secrets";

const db = createDb(env.DATABASE_URL!);
const secretKey = newSecretKey();
afterAll(() => db.$disconnect());

/** What AUTO's probe leaves behind (the gateway writes it; here, as it would). */
const probed = (id: string) =>
  db.endpointProfile.update({ where: { id }, data: { structuredOutputDetected: "JSON_OBJECT", structuredOutputProbedAt: new Date() } });

describe("endpoint profile limits and structured output", () => {
  it("stores max tokens, max output tokens and the structured-output mode, shown as the API spells them", async () => {
    const view = await createEndpointProfile({
      db,
      secretKey,
      input: {
        name: "limits",
        baseUrl: "http://127.0.0.1:8000/v1/",
        model: "m",
        maxTokens: 2048,
        maxOutputTokens: 8192,
        structuredOutput: "json_object",
      },
    });
    expect(view).toMatchObject({
      baseUrl: "http://127.0.0.1:8000/v1",
      maxTokens: 2048,
      maxOutputTokens: 8192,
      structuredOutput: "json_object",
      structuredOutputDetected: null,
      structuredOutputProbedAt: null,
    });
    // Inside, the enum the gateway reads.
    expect(await resolveEndpoint({ db, secretKey, id: view.id })).toMatchObject({
      maxTokens: 2048,
      maxOutputTokens: 8192,
      structuredOutput: "JSON_OBJECT",
      structuredOutputDetected: null,
    });
    const plain = await createEndpointProfile({ db, secretKey, input: { name: "plain", baseUrl: "http://127.0.0.1:8000/v1", model: "m" } });
    expect(plain).toMatchObject({ maxTokens: null, maxOutputTokens: null, structuredOutput: "auto" });
  });

  it("refuses a retry ceiling under the answer limit, an unknown mode and a non-integer limit, naming the field", async () => {
    await expect(
      createEndpointProfile({
        db,
        secretKey,
        input: { name: "low", baseUrl: "http://x/v1", model: "m", maxTokens: 4096, maxOutputTokens: 1024 },
      }),
    ).rejects.toThrow(/maxOutputTokens: max output tokens \(1024\) must be at least max tokens \(4096\)/);
    await expect(
      createEndpointProfile({
        db,
        secretKey,
        input: { name: "mode", baseUrl: "http://x/v1", model: "m", structuredOutput: "grammar" as "auto" },
      }),
    ).rejects.toThrow(/structuredOutput: one of auto, json_schema, json_object, none/);
    await expect(
      createEndpointProfile({ db, secretKey, input: { name: "frac", baseUrl: "http://x/v1", model: "m", maxTokens: 1.5 } }),
    ).rejects.toThrow(/maxTokens: a whole number above 0/);
    expect((await listEndpointProfiles({ db })).map((p) => p.name)).not.toContain("low");
  });
});

describe("updateEndpointProfile", () => {
  it("changes only the fields given, by id or by name, and returns before and after", async () => {
    const created = await createEndpointProfile({
      db,
      secretKey,
      input: { name: "editable", baseUrl: "http://a/v1", model: "m", maxConcurrency: 2, temperature: 0.2 },
    });
    const { before, after } = await updateEndpointProfile({ db, secretKey, id: created.id, input: { maxConcurrency: 8, maxTokens: 1000 } });
    expect(before).toMatchObject({ maxConcurrency: 2, maxTokens: null });
    expect(after).toMatchObject({ maxConcurrency: 8, maxTokens: 1000, temperature: 0.2, baseUrl: "http://a/v1", model: "m" });
    const byName = await updateEndpointProfile({ db, secretKey, name: "editable", input: { temperature: null } });
    expect(byName.after).toMatchObject({ temperature: null, maxConcurrency: 8 });
  });

  it("checks the token-limit rule against the stored values, and changes nothing when it fails", async () => {
    const created = await createEndpointProfile({
      db,
      secretKey,
      input: { name: "ceiling", baseUrl: "http://a/v1", model: "m", maxTokens: 2000 },
    });
    await expect(
      updateEndpointProfile({ db, secretKey, id: created.id, input: { maxOutputTokens: 1000, maxConcurrency: 9 } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("must be at least max tokens (2000)") });
    await expect(updateEndpointProfile({ db, secretKey, id: created.id, input: { maxTokens: 0 } })).rejects.toThrow(
      /maxTokens: a whole number above 0/,
    );
    await expect(updateEndpointProfile({ db, secretKey, id: created.id, input: { colour: "red" } as never })).rejects.toThrow(/colour/);
    expect(await db.endpointProfile.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      maxOutputTokens: null,
      maxConcurrency: 4,
    });
    // Raising both together, or clearing the answer limit, is fine.
    expect(
      (await updateEndpointProfile({ db, secretKey, id: created.id, input: { maxTokens: 500, maxOutputTokens: 1000 } })).after,
    ).toMatchObject({ maxTokens: 500, maxOutputTokens: 1000 });
    expect(
      (await updateEndpointProfile({ db, secretKey, id: created.id, input: { maxTokens: null, maxOutputTokens: 100 } })).after,
    ).toMatchObject({ maxTokens: null, maxOutputTokens: 100 });
  });

  it("forgets what the probe found when the base URL, model or mode changes, and keeps it otherwise", async () => {
    const created = await createEndpointProfile({ db, secretKey, input: { name: "probed", baseUrl: "http://a/v1", model: "m" } });
    await probed(created.id);
    const kept = await updateEndpointProfile({
      db,
      secretKey,
      id: created.id,
      input: { maxConcurrency: 3, baseUrl: "http://a/v1/", model: "m", structuredOutput: "auto" },
    });
    expect(kept.after).toMatchObject({ structuredOutputDetected: "json_object", structuredOutputProbedAt: expect.any(String) });
    for (const input of [{ baseUrl: "http://b/v1" }, { model: "m2" }, { structuredOutput: "json_schema" as const }]) {
      await probed(created.id);
      const { after } = await updateEndpointProfile({ db, secretKey, id: created.id, input });
      expect(after, JSON.stringify(input)).toMatchObject({ structuredOutputDetected: null, structuredOutputProbedAt: null });
    }
  });

  it("sets, keeps and removes the API key, never showing it", async () => {
    const created = await createEndpointProfile({ db, secretKey, input: { name: "keyed", baseUrl: "http://a/v1", model: "m" } });
    const set = await updateEndpointProfile({ db, secretKey, id: created.id, input: { apiKey: "sk-edited-secret" } });
    expect(set.after.hasApiKey).toBe(true);
    expect(JSON.stringify(set)).not.toContain("sk-edited-secret");
    expect((await resolveEndpoint({ db, secretKey, id: created.id })).apiKey).toBe("sk-edited-secret");
    await updateEndpointProfile({ db, secretKey, id: created.id, input: { model: "other" } });
    expect((await resolveEndpoint({ db, secretKey, id: created.id })).apiKey).toBe("sk-edited-secret");
    expect((await updateEndpointProfile({ db, secretKey, id: created.id, input: { apiKey: null } })).after.hasApiKey).toBe(false);
  });

  it("refuses an unknown profile and a name another profile has", async () => {
    await createEndpointProfile({ db, secretKey, input: { name: "first", baseUrl: "http://a/v1", model: "m" } });
    const second = await createEndpointProfile({ db, secretKey, input: { name: "second", baseUrl: "http://a/v1", model: "m" } });
    await expect(updateEndpointProfile({ db, secretKey, id: second.id, input: { name: "first" } })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(updateEndpointProfile({ db, secretKey, name: "nobody", input: {} })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: 'No endpoint profile "nobody".',
    });
    await expect(updateEndpointProfile({ db, secretKey, id: "not-a-uuid", input: {} })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
