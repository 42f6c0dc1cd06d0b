import pg from "pg";
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { publicMessage } from "@/lib/errors";
import { findFreePort } from "@/lib/net";

const deadUrl = async () => `postgresql://nobody:x@127.0.0.1:${await findFreePort("127.0.0.1")}/none`;

describe("isDatabaseUnavailable", () => {
  it("recognises Prisma's error for a database nobody answers at, and maps it to a 503", async () => {
    const db = createDb(await deadUrl());
    const error = await db.user.count().catch((caught: unknown) => caught);
    await db.$disconnect();
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(publicMessage(error)).toMatchObject({
      code: "DATABASE_UNREACHABLE",
      status: 503,
      message: expect.stringContaining("reconnecting"),
    });
  });

  it("recognises a raw pg connection refusal, and not an ordinary error", async () => {
    const client = new pg.Client({ connectionString: await deadUrl() });
    const error = await client.connect().catch((caught: unknown) => caught);
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(publicMessage(new Error("boom")).status).toBe(500);
  });

  it("recognises a server going away (57P01) anywhere in the cause chain", () => {
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
    expect(isDatabaseUnavailable(new Error("job failed", { cause: terminated }))).toBe(true);
  });
});
