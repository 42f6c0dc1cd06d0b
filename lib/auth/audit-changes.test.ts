import { describe, expect, it } from "vitest";
import { fieldChanges } from "@/lib/auth/audit-changes";

describe("fieldChanges", () => {
  it("says before → after for each changed field and leaves unchanged ones out", () => {
    expect(fieldChanges({ user: "fay@x", role: "annotator", name: "same" }, { role: "curator", name: "same" })).toEqual([
      { field: "user", before: "fay@x" },
      { field: "role", before: "annotator", after: "curator" },
    ]);
  });

  it("flattens nested objects into dotted fields, words flags and lists, and shortens long values", () => {
    const changes = fieldChanges(
      { settings: { discussion: { debate: false, rounds: 2 } }, languages: ["go"] },
      { settings: { discussion: { debate: true, rounds: 2 } }, languages: ["go", "rust"], notes: "x".repeat(400) },
    );
    expect(changes).toEqual([
      { field: "settings.discussion.debate", before: "no", after: "yes" },
      { field: "languages", before: "go", after: "go, rust" },
      { field: "notes", after: `${"x".repeat(160)}…` },
    ]);
  });

  it("shows a creation's or a removal's fields on their own, and nothing for an event without either", () => {
    expect(fieldChanges(null, { email: "a@b", admin: false })).toEqual([
      { field: "email", after: "a@b" },
      { field: "admin", after: "no" },
    ]);
    expect(fieldChanges({ role: "viewer" }, undefined)).toEqual([{ field: "role", before: "viewer" }]);
    expect(fieldChanges(null, null)).toEqual([]);
    expect(fieldChanges(null, "paused")).toEqual([{ field: "value", after: "paused" }]);
  });
});
