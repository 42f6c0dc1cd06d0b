import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createEndpoint } from "@/app/api/endpoints/route";
import { POST as createProject } from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";

/**
 * A form sent twice at once (a double click, a retried request): both requests really run at the
 * same time against the database; exactly one creates, the other is a 409 naming what exists.
 */

const base = "http://studio.test";
type Body = { id?: string; error?: { code: string; message: string } };
let cookie = "";

const post = async (handle: typeof createEndpoint, url: string, body: unknown) => {
  const headers = { cookie, origin: base, host: "studio.test", "content-type": "application/json" };
  const response = await handle(new Request(base + url, { method: "POST", headers, body: JSON.stringify(body) }), {
    params: Promise.resolve({}),
  });
  return { status: response.status, body: (await response.json()) as Body };
};

beforeAll(async () => {
  cookie = (await signedInUser(getDb(), { email: "curator@double.test", admin: true })).cookie;
});
afterAll(() => getDb().$disconnect());

const ROUNDS = 20;

describe("double submits", () => {
  it(`adding one endpoint profile twice at once: one 201 and one 409, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const name = `twice-${round}`;
      const answers = await Promise.all(
        [0, 1].map(() => post(createEndpoint, "/api/endpoints", { name, baseUrl: "http://127.0.0.1:8100/v1", model: "m" })),
      );
      expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)!.body.error).toEqual({
        code: "CONFLICT",
        message: `An endpoint profile named "${name}" already exists.`,
      });
      expect(await getDb().endpointProfile.count({ where: { name } })).toBe(1);
    }
  });

  it(`creating one project twice at once: one 201 and one 409, ${ROUNDS} rounds out of ${ROUNDS}`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const slug = `twice-${round}`;
      const answers = await Promise.all([0, 1].map(() => post(createProject, "/api/projects", { slug, name: slug })));
      expect(answers.map((a) => a.status).sort(), `round ${round}`).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)!.body.error).toEqual({
        code: "CONFLICT",
        message: `A project with the slug "${slug}" exists already; choose another.`,
      });
    }
  });
});
