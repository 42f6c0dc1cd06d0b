import { describe, expect, it } from "vitest";
import {
  authorize,
  can,
  PERMISSIONS,
  readableProjects,
  roleOf,
  ROLES,
  visibleProjectRoles,
  type Permission,
  type Principal,
  type Role,
} from "@/lib/auth/permissions";

const user = (projectRoles: Record<string, Role>, admin = false): Principal => ({
  kind: "user",
  userId: "u",
  email: "u@example.com",
  admin,
  projectRoles,
});

describe("permissions", () => {
  it("grants each permission to its role and every role above, never below", () => {
    for (const [permission, least] of Object.entries(PERMISSIONS) as [Permission, Role][]) {
      for (const role of ROLES) expect(can(role, permission), `${role} → ${permission}`).toBe(ROLES.indexOf(role) >= ROLES.indexOf(least));
      expect(can(null, permission)).toBe(false);
    }
  });

  it("takes the role from the project's membership; admins have every project", () => {
    const annotator = user({ p1: "annotator", p2: "curator" });
    expect(roleOf(annotator, "p1")).toBe("annotator");
    expect(roleOf(annotator, "p3")).toBeNull();
    expect(roleOf(annotator)).toBe("curator");
    expect(roleOf(user({}, true), "anything")).toBe("admin");
  });

  it("caps a token at its own role, its project and its user's role", () => {
    const token = (role: Role, projectId: string | null, projectRoles: Record<string, Role>): Principal => ({
      kind: "token",
      userId: "u",
      email: "u@example.com",
      tokenId: "t",
      admin: false,
      role,
      projectId,
      projectRoles,
    });
    expect(roleOf(token("viewer", null, { p1: "curator" }), "p1")).toBe("viewer");
    expect(roleOf(token("curator", null, { p1: "annotator" }), "p1")).toBe("annotator");
    expect(roleOf(token("curator", "p1", { p1: "curator", p2: "curator" }), "p2")).toBeNull();
    // Asked for no project, a scoped token has its role in its own project, not its user's best elsewhere.
    expect(roleOf(token("curator", "p1", { p1: "viewer", p2: "curator" }))).toBe("viewer");
  });

  it("lists for a scoped token its own project only, even for an admin's token", () => {
    const token = (projectId: string | null, projectRoles: Record<string, Role>, admin = false): Principal => ({
      kind: "token",
      userId: "u",
      email: "u@example.com",
      tokenId: "t",
      admin,
      role: "curator",
      projectId,
      projectRoles,
    });
    expect(readableProjects(token("p1", { p1: "annotator", p2: "curator" }))).toEqual(["p1"]);
    expect(readableProjects(token("p1", {}, true))).toEqual(["p1"]);
    expect(readableProjects(token("p3", { p1: "curator" }))).toEqual([]);
    expect(readableProjects(token(null, { p1: "curator", p2: "viewer" }))).toEqual(["p1", "p2"]);
    expect(readableProjects(user({}, true))).toBeUndefined();
    expect(visibleProjectRoles(token("p1", { p1: "annotator", p2: "curator" }))).toEqual({ p1: "annotator" });
    expect(visibleProjectRoles(token(null, { p1: "annotator", p2: "curator" }))).toEqual({ p1: "annotator", p2: "curator" });
  });

  it("says who must sign in, and which role a forbidden action needs", () => {
    expect(() => authorize({ kind: "anonymous" }, "project:read", "p1")).toThrow(
      expect.objectContaining({ code: "UNAUTHORIZED", status: 401 }),
    );
    expect(() => authorize(user({ p1: "viewer" }), "review:decide", "p1")).toThrow(
      "This needs the annotator role in this project; you are a viewer.",
    );
    expect(() => authorize(user({ p1: "annotator" }), "endpoint:manage")).toThrow("This needs the curator role; you are an annotator.");
    expect(() => authorize(user({ p1: "curator" }), "user:manage")).toThrow(
      expect.objectContaining({ code: "FORBIDDEN", status: 403, message: "This needs the admin role; you are a curator." }),
    );
    expect(authorize(user({ p1: "curator" }), "run:manage", "p1")).toBe("curator");
  });
});
