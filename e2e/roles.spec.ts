import { expect, test } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";

let candidateId = "";
let revisionId = "";

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    const project = await db.query<{ id: string }>(
      `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), 'roles-e2e', 'Roles e2e', '{python}', '{}', now()) returning id`,
    );
    const candidate = await db.query<{ id: string }>(
      `insert into candidates (id, project_id, language, updated_at) values (gen_random_uuid(), $1, 'python', now()) returning id`,
      [project.rows[0]!.id],
    );
    candidateId = candidate.rows[0]!.id;
    const revision = await db.query<{ id: string }>(
      `insert into revisions (id, candidate_id, number, author_kind, instruction, solution, tests) values (gen_random_uuid(), $1, 1, 'AGENT', 'Add one.', 'def inc(x): return x + 1', 'assert inc(1) == 2') returning id`,
      [candidateId],
    );
    revisionId = revision.rows[0]!.id;
    await db.query(`update candidates set current_revision_id = $1 where id = $2`, [revisionId, candidateId]);
  } finally {
    await db.end();
  }
  for (const role of ["viewer", "annotator", "curator"]) await fixtureAccount(`${role}@roles.e2e`, { project: "roles-e2e", role });
});

test("an annotator cannot reach endpoint settings; a curator adds an endpoint whose key never comes back", async ({ page }) => {
  await signedIn(page, "annotator@roles.e2e");
  await page.goto("/settings/endpoints");
  await expect(page.getByTestId("endpoints-error")).toHaveText("This needs the curator role; you are an annotator.");
  await page.getByRole("button", { name: "Sign out" }).click();

  await signedIn(page, "curator@roles.e2e");
  await page.goto("/settings/endpoints");
  await page.getByLabel("Name").fill("e2e-endpoint");
  await page.getByLabel("Base URL").fill("http://127.0.0.1:8100/v1");
  await page.getByLabel("Model").fill("rosetta-scripted");
  await page.getByLabel("API key (optional)").fill("sk-e2e-secret");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("endpoint-row").filter({ hasText: "e2e-endpoint" })).toContainText("key set");
  const listed = await page.request.get("/api/endpoints");
  expect(await listed.text()).not.toContain("sk-e2e-secret");
});

test("a viewer cannot accept an item; an annotator can, and the decision is recorded", async ({ page }) => {
  await signedIn(page, "viewer@roles.e2e");
  const headers = { origin: new URL(page.url()).origin };
  const refused = await page.request.post(`/api/candidates/${candidateId}/decision`, { data: { decision: "accept", revisionId }, headers });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({
    error: { code: "FORBIDDEN", message: "This needs the annotator role in this project; you are a viewer." },
  });
  await page.getByRole("button", { name: "Sign out" }).click();

  await signedIn(page, "annotator@roles.e2e");
  const accepted = await page.request.post(`/api/candidates/${candidateId}/decision`, {
    data: { decision: "accept", revisionId, comment: "looks right" },
    headers,
  });
  expect(accepted.status()).toBe(201);
  // From another site, the same cookie is not enough.
  const forged = await page.request.post(`/api/candidates/${candidateId}/decision`, {
    data: { decision: "reject", revisionId },
    headers: { origin: "http://evil.example" },
  });
  expect(forged.status()).toBe(403);
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    const { rows } = await db.query(`select review_status from candidates where id = $1`, [candidateId]);
    expect(rows[0]).toEqual({ review_status: "ACCEPTED" });
  } finally {
    await db.end();
  }
});
