import { beforeAll, describe, expect, it } from "vitest";
import phrases from "./zhTW-phrases.json";
import samples from "./zhTW-samples.json";
import { loadTraditional, REVIEWED_PHRASES, toTraditional } from "./zhTW";

// The core writes the zh-TW exports with its own converter (crates/core/src/io/traditional.rs:
// ferrous-opencc s2twp + the same zhTW-phrases.json). Its test
// (crates/core/tests/traditional_export.rs) checks the same two lists against the Rust side, so
// the UI and the exports agree on them.
describe("繁體: one list of reviewed phrases for the UI and the exports", () => {
  beforeAll(() => loadTraditional());

  it("the UI reads its reviewed phrases from zhTW-phrases.json", () => {
    expect(REVIEWED_PHRASES.map(([s, t]) => [s, t])).toEqual((phrases as string[][]).map(([s, t]) => [s, t]));
    expect(REVIEWED_PHRASES.length).toBeGreaterThan(40);
  });

  it("each reviewed phrase alone converts to its reviewed 繁體", () => {
    for (const [s, t] of REVIEWED_PHRASES) expect(toTraditional(s), s).toBe(t);
  });

  it("the exports' words convert as zhTW-samples.json records (the core's test reads it too)", () => {
    expect(samples.length).toBeGreaterThan(20);
    for (const [s, t] of samples as [string, string][]) expect(toTraditional(s), s).toBe(t);
  });
});
