import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signIn } from "@/app/api/auth/sign-in/route";
import { POST as createProject } from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { signedInUser, TEST_PASSWORD } from "@/lib/testing/accounts";

/**
 * Sign-in and cookie-carried mutations over real requests and a real database, with TRUST_PROXY
 * unset (as tests run): X-Forwarded-For names nobody, and the Origin header is checked in full.
 */

const base = "http://studio.test";
const none = { params: Promise.resolve({}) };
type Body = { error?: { code: string; message: string } };

async function post(handle: typeof signIn, url: string, headers: Record<string, string>, body: unknown) {
  const response = await handle(
    new Request(base + url, {
      method: "POST",
      headers: { host: "studio.test", "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
    none,
  );
  return { status: response.status, body: (await response.json()) as Body };
}

let adminCookie = "";
beforeAll(async () => {
  adminCookie = (await signedInUser(getDb(), { email: "admin@sign-in.test", admin: true })).cookie;
});
afterAll(() => getDb().$disconnect());

describe("POST /api/auth/sign-in", () => {
  it("limits failed sign-ins even when each names another address in X-Forwarded-For", async () => {
    const guess = async (i: number) =>
      (
        await post(
          signIn,
          "/api/auth/sign-in",
          { origin: base, "x-forwarded-for": `198.51.100.${i}, 203.0.113.${i}` },
          { email: `guess${i}@sign-in.test`, password: "not the password" },
        )
      ).status;
    // The first 20 check the dummy hash at production's cost, a second each: at once, on every core.
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => guess(i)));
    for (let i = 20; i < 24; i++) statuses.push(await guess(i));
    expect(statuses).toEqual([...Array<number>(20).fill(401), 429, 429, 429, 429]);
    // The right password is refused too while the limit holds: the guesser cannot tell when it is right.
    const right = await post(
      signIn,
      "/api/auth/sign-in",
      { origin: base, "x-forwarded-for": "192.0.2.1" },
      { email: "admin@sign-in.test", password: TEST_PASSWORD },
    );
    expect(right).toMatchObject({
      status: 429,
      body: {
        error: {
          code: "RATE_LIMITED",
          message: expect.stringMatching(/^Too many failed sign-ins from your address\. Try again in \d+ minutes?\.$/),
        },
      },
    });
  }, 180_000);

  it("refuses a sign-in posted from another origin", async () => {
    expect(await post(signIn, "/api/auth/sign-in", { origin: "null" }, { email: "a@b.c", password: "x" })).toMatchObject({
      status: 403,
      body: { error: { code: "BAD_ORIGIN" } },
    });
  });
});

describe("the origin check of a cookie-carried mutation", () => {
  const create = (origin: string | undefined, slug: string) =>
    post(createProject, "/api/projects", { cookie: adminCookie, ...(origin === undefined ? {} : { origin }) }, { slug, name: slug });

  it.each([
    ["null", /its origin is opaque \(Origin: null/],
    ["http://", /its Origin header "http:\/\/" is not an origin/],
    ["not a url", /its Origin header "not a url" is not an origin/],
    ["http://studio.test/path", /is not an origin/],
    ["file:///etc/passwd", /is not an origin/],
    ["https://studio.test", /it came from https:\/\/studio\.test, over https, while the studio is served over http/],
    ["http://evil.example", /it came from http:\/\/evil\.example\.$/],
    [undefined, /it names no origin/],
  ])("Origin %s: a 403 BAD_ORIGIN that says why, and nothing created", async (origin, why) => {
    const answer = await create(origin, "origin-refused");
    expect(answer).toMatchObject({ status: 403, body: { error: { code: "BAD_ORIGIN", message: expect.stringMatching(why) } } });
    expect(answer.body.error!.message).toMatch(/^This request did not come from the studio's own pages: /);
    expect(await getDb().project.count({ where: { slug: "origin-refused" } })).toBe(0);
  });

  it("lets the studio's own origin through", async () => {
    expect((await create(base, "origin-ok")).status).toBe(201);
  });

  it("compares the scheme behind a TLS proxy: https is ours, http is not", async () => {
    const viaProxy = (origin: string, slug: string) =>
      post(createProject, "/api/projects", { cookie: adminCookie, origin, "x-forwarded-proto": "https" }, { slug, name: slug });
    expect((await viaProxy("https://studio.test", "origin-tls")).status).toBe(201);
    expect(await viaProxy("http://studio.test", "origin-plain")).toMatchObject({ status: 403, body: { error: { code: "BAD_ORIGIN" } } });
  });
});
