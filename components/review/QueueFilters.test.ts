import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, filterQuery } from "@/components/review/QueueFilters";
import { claimedByOther } from "@/components/review/QueueList";
import { QueueQuery } from "@/lib/review/queue-types";

describe("the review queue's filters", () => {
  it("send only the filters that are set, hiding others' items by default, in a form the API accepts", () => {
    expect(filterQuery(DEFAULT_FILTERS)).toEqual({ review: "PENDING", sort: "newest", hideClaimed: "others" });
    const all = filterQuery({
      ...DEFAULT_FILTERS,
      review: "",
      language: "go",
      minScore: "4.5",
      seed: "0190a5b2-7c4e-7000-8000-000000000001",
      sort: "score",
      hideClaimed: false,
    });
    expect(all).toEqual({ language: "go", minScore: "4.5", seed: "0190a5b2-7c4e-7000-8000-000000000001", sort: "score" });
    expect(QueueQuery.parse(all)).toMatchObject({ language: "go", minScore: 4.5, sort: "score" });
    const quality = filterQuery({
      ...DEFAULT_FILTERS,
      contaminated: "no",
      duplicates: "hide",
      difficulty: "MEDIUM,HARD",
      minCoverage: "80",
    });
    expect(QueueQuery.parse(quality)).toMatchObject({
      contaminated: "no",
      duplicates: "hide",
      difficulty: ["MEDIUM", "HARD"],
      minCoverage: 80,
    });
  });

  it("count an item as another reviewer's only while their claim lasts", () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 1_000).toISOString();
    expect(claimedByOther({ claim: { by: "a@x", until: soon, mine: false } })).toBe(true);
    expect(claimedByOther({ claim: { by: "a@x", until: soon, mine: true } })).toBe(false);
    expect(claimedByOther({ claim: { by: "a@x", until: past, mine: false } })).toBe(false);
    expect(claimedByOther({ claim: null })).toBe(false);
  });
});
