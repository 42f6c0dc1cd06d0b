// A Vitest reporter for `npm test`: what failed a run outside of its tests. Vitest's JSON report
// counts tests only, so a run that failed on an unhandled error (a rejection after a test ended, an
// error event nobody listened to) or on a file that never ran its tests (an import or a hook that
// threw) would reach the closing line as "the run itself failed" with its reason far up the log.
// This writes those reasons to the file named by ROSETTA_VITEST_ERRORS, and test.mjs prints them
// right above the closing line.
import { writeFileSync } from "node:fs";
import path from "node:path";

/** The stack's own frames (not Node's, not a dependency's), without the message line it starts with (printed on its own). */
const frames = (stack) =>
  String(stack ?? "")
    .split("\n")
    .filter((line) => /^\s*at /.test(line) && !/node_modules|node:internal|<anonymous>/.test(line))
    .slice(0, 8)
    .map((line) => line.trim())
    .join("\n");

/** An error's first line as Vitest prints it. */
const messageOf = (error) => `${error.name ?? "Error"}: ${error.message ?? String(error)}`;

export default class RunErrors {
  onInit(vitest) {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules, unhandledErrors, reason) {
    const file = process.env.ROSETTA_VITEST_ERRORS;
    if (!file) return;
    const relative = (id) => (id ? path.relative(this.root, id) : undefined);
    const errors = [];
    for (const error of unhandledErrors) {
      errors.push({
        kind: "unhandled error",
        where: relative(error.VITEST_TEST_PATH),
        test: error.VITEST_TEST_NAME,
        message: messageOf(error),
        stack: frames(error.stack),
      });
    }
    for (const testModule of testModules) {
      for (const [entity, label] of [
        [testModule, "file failed outside its tests"],
        ...[...testModule.children.allSuites()].map((suite) => [suite, `suite "${suite.fullName}" failed outside its tests`]),
      ]) {
        for (const error of entity.errors()) {
          errors.push({
            kind: label,
            where: relative(testModule.moduleId),
            message: messageOf(error),
            stack: frames(error.stack),
          });
        }
      }
    }
    writeFileSync(file, JSON.stringify({ reason, errors }, null, 2));
  }
}
