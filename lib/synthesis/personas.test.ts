import { describe, expect, it } from "vitest";
import { agentProfileFor, defaultAgentProfile, evolutionOperationsFor } from "@/lib/synthesis/personas";
import { EVOLUTION_OPERATIONS, parseProjectSettings } from "@/lib/synthesis/settings";

describe("agent profiles and evolution operations per language", () => {
  const { agents } = parseProjectSettings({
    agents: {
      profiles: { rust: "You are a Rust expert who cares about ownership." },
      evolutionOperations: ["add constraints on the input or the output"],
      evolutionOperationsByLanguage: { go: ["use goroutines where the problem allows"] },
    },
  });

  it("takes the project's profile for its language, else the built-in one", () => {
    expect(agentProfileFor(agents, "rust")).toBe("You are a Rust expert who cares about ownership.");
    expect(agentProfileFor(agents, "python")).toBe(defaultAgentProfile("python"));
    expect(defaultAgentProfile("cpp")).toMatch(/^You are a C\+\+ programming expert/);
  });

  it("takes the language's operations, else the project's list, else the built-in defaults", () => {
    expect(evolutionOperationsFor(agents, "go")).toEqual(["use goroutines where the problem allows"]);
    expect(evolutionOperationsFor(agents, "python")).toEqual(["add constraints on the input or the output"]);
    expect(evolutionOperationsFor(parseProjectSettings({}).agents, "go")).toEqual([...EVOLUTION_OPERATIONS]);
  });

  it("refuses an empty profile or operation list with the field's path", () => {
    expect(() => parseProjectSettings({ agents: { profiles: { rust: "" } } })).toThrow(/agents\.profiles\.rust/);
    expect(() => parseProjectSettings({ agents: { evolutionOperationsByLanguage: { go: [] } } })).toThrow(
      /agents\.evolutionOperationsByLanguage\.go/,
    );
  });
});
