import type { Page, TestInfo } from "@playwright/test";
import { expect } from "@playwright/test";

/**
 * What every page owes its users, checked the same way in every spec: no console error or uncaught
 * exception while it is used, and a layout that works at a desktop (1440 px) and a phone (390 px)
 * width — nothing wider than the screen — with a screenshot of each attached to the report.
 */

/** Collects console errors and uncaught exceptions from now on; `expectNone()` fails listing them. */
export function watchConsole(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console.error: ${message.text()}`);
  });
  return {
    problems,
    expectNone(): void {
      expect(problems, "console errors on the page").toEqual([]);
    },
  };
}

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * Screenshots the page at 1440 and 390 px (attached as `<name>-1440.png` and `<name>-390.png`) and
 * asserts at each width that the document is no wider than the viewport. Leaves the page at 1440.
 */
export async function checkLayouts(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    // Let layout settle after the resize (charts and editors measure themselves).
    await page.waitForTimeout(250);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await testInfo.attach(`${name}-${size.width}.png`, { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    expect(width, `${name} at ${size.width} px is ${width} px wide`).toBeLessThanOrEqual(size.width);
  }
  await page.setViewportSize(DESKTOP);
}
