import { describe, expect, it } from "vitest";
import { projectRole, type Me } from "@/components/data/session";
import { can, ROLES } from "@/lib/auth/permissions";

const me = (over: Partial<Me>): Me => ({ email: "a@example.com", admin: false, role: null, projectRoles: {}, via: "user", ...over });

describe("projectRole", () => {
  it("is admin for an admin in any project, the membership's role otherwise, null without one", () => {
    expect(projectRole(me({ admin: true }), "p1")).toBe("admin");
    expect(projectRole(me({ projectRoles: { p1: "annotator" } }), "p1")).toBe("annotator");
    expect(projectRole(me({ projectRoles: { p1: "annotator" } }), "p2")).toBeNull();
    expect(projectRole(null, "p1")).toBeNull();
    expect(projectRole(me({ admin: true }), undefined)).toBeNull();
  });

  // The screens asked these questions with their own role lists before can(); the answers stay the same.
  it.each(ROLES.filter((role) => role !== "admin"))("answers as the screens' old rules did for a %s", (role) => {
    const member = me({ projectRoles: { p1: role } });
    expect(can(projectRole(member, "p1"), "review:decide")).toBe(["annotator", "curator", "admin"].includes(role));
    expect(can(projectRole(member, "p1"), "dataset:version")).toBe(role === "curator");
  });

  it("lets an admin review and cut versions, and nobody signed out", () => {
    expect(can(projectRole(me({ admin: true }), "p1"), "review:decide")).toBe(true);
    expect(can(projectRole(me({ admin: true }), "p1"), "dataset:version")).toBe(true);
    expect(can(projectRole(undefined, "p1"), "project:read")).toBe(false);
  });
});
