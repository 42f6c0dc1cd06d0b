import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fixtureAccount, signedIn } from "./accounts";
import { studioDatabaseUrl } from "./config";
import { checkLayouts, watchConsole } from "./page-checks";

/**
 * Finding one's way, by clicks only: the studio menu, a project's navigation and breadcrumbs, the
 * endpoints (edit, test, remove refused while bound), binding every role in one step, and what each
 * role is offered. A project with one discussion and no snippets, made in the database.
 */

const SLUG = "nav-e2e";
let discussionId = "";

test.beforeAll(async () => {
  const db = new pg.Client({ connectionString: studioDatabaseUrl() });
  await db.connect();
  try {
    const project = await db.query<{ id: string }>(
      `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), $1, 'Navigation e2e', '{python,go}', '{}', now())
       on conflict (slug) do update set name = excluded.name returning id`,
      [SLUG],
    );
    discussionId = await oneDiscussion(db, project.rows[0]!.id);
  } finally {
    await db.end();
  }
  await fixtureAccount("admin@nav.e2e", { admin: true });
  for (const role of ["viewer", "annotator", "curator"]) await fixtureAccount(`${role}@nav.e2e`, { project: SLUG, role });
});

/** The project's one discussion, with one participant (beforeAll runs again when a failure restarts the worker: made once). */
async function oneDiscussion(db: pg.Client, projectId: string): Promise<string> {
  const made = await db.query<{ id: string }>(`select id from discussions where project_id = $1`, [projectId]);
  if (made.rows[0]) return made.rows[0].id;
  const agent = await db.query<{ id: string }>(
    `insert into agents (id, project_id, scope, language, profile, evolution_operations, memory_capacity, similarity_threshold, updated_at)
     values (gen_random_uuid(), $1, 'PER_SEED', 'python', 'A Python agent.', '{}', 4, 0.8, now()) returning id`,
    [projectId],
  );
  const discussion = await db.query<{ id: string }>(
    `insert into discussions (id, project_id, mode, target_language, status, started_at, updated_at)
     values (uuidv7(), $1, 'CENTRALIZED', 'go', 'SUCCEEDED', now(), now()) returning id`,
    [projectId],
  );
  const id = discussion.rows[0]!.id;
  await db.query(
    `insert into discussion_participants (id, discussion_id, agent_id, updated_at) values (gen_random_uuid(), $1, $2, now())`,
    [id, agent.rows[0]!.id],
  );
  return id;
}

const projectNav = (page: Page) => page.getByRole("navigation", { name: "Project" });
const crumbs = (page: Page) => page.getByRole("navigation", { name: "Breadcrumb" });

async function openStudioMenu(page: Page, item: string) {
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("navigation", { name: "Studio" }).getByRole("link", { name: item }).click();
}

async function addEndpoint(page: Page, name: string) {
  const form = page.getByTestId("endpoint-form");
  await form.getByLabel("Name").fill(name);
  // Nothing listens there: the connection test reports the failure in place.
  await form.getByLabel("Base URL").fill("http://127.0.0.1:9/v1");
  await form.getByLabel("Model").fill("scripted");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("endpoint-row").filter({ hasText: name })).toBeVisible();
}

test("endpoints from the studio menu: edit, test, bind to every role in one step, removal refused while bound", async ({
  page,
}, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, "admin@nav.e2e");
  await openStudioMenu(page, "Endpoints");
  await expect(page).toHaveURL(/\/settings\/endpoints$/);
  await addEndpoint(page, "nav-model");
  await addEndpoint(page, "nav-spare");
  const row = page.getByTestId("endpoint-row").filter({ hasText: "nav-model" });

  await row.getByRole("button", { name: "Edit" }).click();
  await page.getByTestId("endpoint-edit-model").fill("scripted-2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(row).toContainText("scripted-2");
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByTestId("endpoint-test-result")).toHaveAttribute("data-ok", "false");
  await expect(row.getByTestId("endpoint-test-result")).toContainText("failed");
  await checkLayouts(page, testInfo, "endpoints");

  // Every role bound in one step.
  await openStudioMenu(page, "Projects");
  await page.getByRole("link", { name: "Navigation e2e" }).click();
  await projectNav(page).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Use one endpoint for all roles").selectOption({ label: "nav-model (scripted-2)" });
  await page.getByRole("button", { name: "Bind all roles" }).click();
  await expect(page.getByTestId("bindings-message")).toHaveText("Saved.");
  for (const select of await page.locator('[data-testid^="binding-select-"]').all()) {
    await expect(select.locator("option:checked")).toHaveText("nav-model (scripted-2)");
  }
  await checkLayouts(page, testInfo, "settings");

  // Bound: removal is refused, naming the project.
  await openStudioMenu(page, "Endpoints");
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Yes, remove" }).click();
  await expect(row.getByTestId("endpoint-remove-error")).toHaveText(
    `"nav-model" is bound in project ${SLUG}: bind those roles to another endpoint first.`,
  );
  // The browser logs every refused request as a console error; this refusal is the one expected.
  const refusal = console.problems.findIndex((problem) => problem.includes("409"));
  expect(refusal).toBeGreaterThanOrEqual(0);
  console.problems.splice(refusal, 1);

  // Rebound elsewhere, it goes.
  await page.goBack();
  await page.getByLabel("Use one endpoint for all roles").selectOption({ label: "nav-spare (scripted)" });
  await page.getByRole("button", { name: "Bind all roles" }).click();
  await expect(page.getByTestId("bindings-message")).toHaveText("Saved.");
  await openStudioMenu(page, "Endpoints");
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Yes, remove" }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("endpoint-row").filter({ hasText: "nav-spare" })).toBeVisible();
  console.expectNone();
});

test("a project's navigation reaches every section, the discussion included, and breadcrumbs lead back", async ({ page }, testInfo) => {
  const console = watchConsole(page);
  await signedIn(page, "admin@nav.e2e");
  await page.getByRole("link", { name: "Navigation e2e" }).click();
  await expect(projectNav(page).getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await checkLayouts(page, testInfo, "dashboard");

  await projectNav(page).getByRole("link", { name: "Discussions" }).click();
  const listed = page.getByTestId("discussion-list-row");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText("python");
  await expect(listed).toContainText("succeeded");
  await checkLayouts(page, testInfo, "discussions");

  await listed.getByRole("link", { name: "centralized → go" }).click();
  await expect(page).toHaveURL(new RegExp(`/discussions/${discussionId}$`));
  await expect(projectNav(page).getByRole("link", { name: "Discussions" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("agent-memory")).toHaveCount(1);
  await checkLayouts(page, testInfo, "discussion");
  await crumbs(page).getByRole("link", { name: "Discussions" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/discussions$`));

  for (const [section, path] of [
    ["Review", "review"],
    ["Agreement", "agreement"],
    ["Datasets", "datasets"],
    ["Settings", "settings"],
  ] as const) {
    await projectNav(page).getByRole("link", { name: section }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}/${path}$`));
    await expect(projectNav(page).getByRole("link", { name: section })).toHaveAttribute("aria-current", "page");
    await crumbs(page).getByRole("link", { name: SLUG }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${SLUG}$`));
  }
  await crumbs(page).getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("link", { name: "Navigation e2e" })).toBeVisible();
  console.expectNone();
});

for (const role of ["viewer", "annotator"] as const) {
  test(`${role === "annotator" ? "an" : "a"} ${role} is shown no curator action: each says it needs the curator role`, async ({ page }) => {
    const console = watchConsole(page);
    await signedIn(page, `${role}@nav.e2e`);
    await expect(page.getByTestId("project-new-link")).toHaveCount(0);
    await expect(page.getByTestId("needs-role")).toHaveText("A new project needs the curator role in a project.");
    await page.getByRole("button", { name: "Menu" }).click();
    const menu = page.getByRole("navigation", { name: "Studio" });
    await expect(menu.getByRole("link")).toHaveText(["Projects", "My account", "My tokens"]);
    await page.getByRole("button", { name: "Menu" }).click();

    await page.getByRole("link", { name: "Navigation e2e" }).click();
    await expect(page.getByTestId("next-step-snippets")).toContainText("upload snippets needs the curator role");
    await expect(page.getByTestId("next-step-snippets").getByRole("link")).toHaveCount(0);
    await projectNav(page).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("button", { name: "Start run" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Upload" })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Bind all roles" })).toHaveCount(0);
    await expect(page.getByTestId("needs-role")).toHaveText([
      "Starting or stopping a run needs the curator role in this project.",
      "Uploading snippets needs the curator role in this project.",
      "Binding model endpoints needs the curator role in this project.",
      "Changing the project needs the curator role in this project.",
      "Changing the protocol needs the curator role in this project.",
      "Changing the review settings needs the curator role in this project.",
      "Adding or removing benchmark files needs the curator role in this project.",
      "Changing members needs the admin role.",
    ]);
    console.expectNone();
  });
}

test("a curator is offered the curator actions", async ({ page }) => {
  const console = watchConsole(page);
  await signedIn(page, "curator@nav.e2e");
  await expect(page.getByTestId("project-new-link")).toBeVisible();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.getByRole("navigation", { name: "Studio" }).getByRole("link")).toHaveText([
    "Projects",
    "Endpoints",
    "My account",
    "My tokens",
  ]);
  await page.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("link", { name: "Navigation e2e" }).click();
  await expect(page.getByTestId("next-step-snippets").getByRole("link", { name: "Upload snippets" })).toBeVisible();
  await projectNav(page).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("button", { name: "Start run" })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Upload" })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Bind all roles" })).toBeVisible();
  // Members are the admins' (they make the accounts): the one thing a curator is told is not theirs.
  await expect(page.getByTestId("needs-role")).toHaveText(["Changing members needs the admin role."]);
  console.expectNone();
});
