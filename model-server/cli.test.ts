import { describe, expect, it } from "vitest";
import { runModelServer } from "@/model-server/cli";

const defaults = {
  host: "127.0.0.1",
  port: "0",
  seed: "1",
  wrongRate: "0.2",
  ttftMs: "40",
  tokensPerSecond: "400",
  faultRate: "0",
  retryAfter: "1",
};

describe("rosetta model-server", () => {
  it("refuses an unknown --format, listing the modes", async () => {
    await expect(runModelServer({ ...defaults, format: "thinking" })).rejects.toThrow(
      "Invalid option: --format must be one of json, think, reasoning-content, fence-in-string, near-json, markdown, loose-values, no-finish-reason, no-usage, json-schema, reject-response-format, mixed",
    );
  });
});
