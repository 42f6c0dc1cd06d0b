import type { Language } from "@/lib/languages";
import { goPoints, lineCoverage, mapPoints, v8Points, type V8Range } from "@/lib/sandbox/coverage-lines";
import { CPP_ABORT_HANDLER, NODE_RUNNER, PYTHON_RUNNER } from "@/lib/sandbox/coverage-runners";
import type { IsolatedRun } from "@/lib/sandbox/isolation";
import { REPORT_FD } from "@/lib/sandbox/isolation";
import type { Harness } from "@/lib/sandbox/languages";
import type { Coverage } from "@/lib/sandbox/verify";

/**
 * Line coverage of the tests over the solution (the code, not the tests), measured in the run
 * itself: Python through a trace function, JavaScript and TypeScript through V8's block coverage
 * (TypeScript mapped back to its own lines by the checker's source map), Go through
 * `go test -coverprofile`, C++ through gcov (`--coverage`, only main.cpp instrumented). The measurement reports on its own pipe (REPORT_FD), never in the output
 * the code printed, and whatever goes wrong with it leaves the coverage undefined and the verdict
 * as it is without it.
 */

export interface MeasuredHarness extends Harness {
  /** The run as it is without measuring (Go's output without its coverage line), and the coverage its report gives. */
  finish(run: IsolatedRun): { run: IsolatedRun; coverage?: Coverage };
}

export interface CoverageSource {
  /** The solution as written: its lines are the ones measured (Python, JavaScript, TypeScript put it first in the program). */
  code: string;
  /** TypeScript: the checker's source map of the emitted JavaScript. */
  sourceMap?: string;
}

export const COVERAGE_LANGUAGES: readonly Language[] = ["python", "javascript", "typescript", "go", "cpp"];

const PYTHON_FILE = ".rosetta-cover.py";
const NODE_FILE = ".rosetta-cover.cjs";
const GO_PROFILE = '"$TMPDIR/rosetta-cover.out"';
const CPP_FILE = ".rosetta-cover.cpp";

const lineCount = (text: string) => text.split("\n").length;

/** What `testing` and `go test` add to the output when a profile is written. */
const GO_COVERAGE_LINE = /^coverage: (?:\d+(?:\.\d+)?% of statements|\[no statements\])(?: in .*)?\n/gm;
const GO_COVERAGE_SUFFIX = /\tcoverage: (?:\d+(?:\.\d+)?% of statements|\[no statements\])(?: in .*)?$/gm;

/** The harness made to measure, or undefined where the language (or this harness) cannot be measured. */
export function measureCoverage(language: Language, spec: Harness, source: CoverageSource): MeasuredHarness | undefined {
  const safely =
    (read: (report: string) => Coverage | undefined) =>
    (report: string | undefined): Coverage | undefined => {
      if (!report) return undefined;
      try {
        return read(report);
      } catch {
        return undefined; // a report the code garbled measures nothing
      }
    };
  switch (language) {
    case "python": {
      const script = spec.script.replace(/^python3 "\$SRC\/main\.py"$/, () => `python3 "$SRC/${PYTHON_FILE}" "$SRC/main.py"`);
      if (script === spec.script) return undefined;
      const read = safely((report) => {
        const [executable, ran] = report.split("|").map((list) => new Set(list!.split(",").filter(Boolean).map(Number)));
        if (!executable || !ran) return undefined;
        const points = [...executable].map((line) => ({ line: line - 1, column: 0, hit: ran.has(line) }));
        return lineCoverage(points, lineCount(source.code));
      });
      return {
        ...spec,
        files: { ...spec.files, [PYTHON_FILE]: PYTHON_RUNNER },
        script,
        finish: (run) => ({ run, coverage: read(run.report) }),
      };
    }
    case "javascript":
    case "typescript": {
      const script = spec.script.replace(/^node /, () => `node --require "$SRC/${NODE_FILE}" `);
      const javascript = spec.files["main.js"];
      if (script === spec.script || javascript === undefined) return undefined;
      if (language === "typescript" && !source.sourceMap) return undefined;
      const read = safely((report) => {
        const points = v8Points(javascript, JSON.parse(report) as { ranges: V8Range[] }[]);
        const mapped =
          language === "typescript" ? mapPoints(points, (JSON.parse(source.sourceMap!) as { mappings: string }).mappings) : points;
        return lineCoverage(mapped, lineCount(source.code));
      });
      return {
        ...spec,
        files: { ...spec.files, [NODE_FILE]: NODE_RUNNER },
        script,
        finish: (run) => ({ run, coverage: read(run.report) }),
      };
    }
    case "go": {
      const main = spec.files["main.go"];
      const script = spec.script.replace(/go test -count=1 /, () => `go test -count=1 -coverprofile=${GO_PROFILE} `);
      if (script === spec.script || main === undefined) return undefined;
      const read = safely((report) => lineCoverage(goPoints(main, report, "main.go"), lineCount(main)));
      const clean = (output: string) => output.replace(GO_COVERAGE_LINE, "").replace(GO_COVERAGE_SUFFIX, "");
      return {
        ...spec,
        // In a subshell, so that the harness's own `exit` still leaves the profile to be reported.
        script: `(${script}); status=$?; cat ${GO_PROFILE} >&${REPORT_FD} 2>/dev/null; exit $status`,
        finish: (run) => ({ run: { ...run, stdout: clean(run.stdout), stderr: clean(run.stderr) }, coverage: read(run.report) }),
      };
    }
    case "cpp": {
      // gcov's notes and counts are named after the output and the source: main-main.gcno/.gcda in /box.
      const compiled = spec.script.replace(
        /^g\+\+ -std=c\+\+17 -O0 -o main "\$SRC\/main\.cpp" /,
        () => `g++ -std=c++17 -O0 --coverage -fprofile-filter-files='main\\.cpp$' -o main "$SRC/main.cpp" "$SRC/${CPP_FILE}" `,
      );
      const script = compiled.replace(
        /; \.\/main$/,
        () => `; ./main; status=$?; gcov --stdout --json-format main-main.gcda >&${REPORT_FD} 2>/dev/null; exit $status`,
      );
      if (compiled === spec.script || script === compiled) return undefined;
      const read = safely((report) => {
        const { files } = JSON.parse(report) as { files: { file: string; lines: { line_number: number; count: number }[] }[] };
        const main = files.filter((file) => file.file.endsWith("main.cpp")).flatMap((file) => file.lines);
        return lineCoverage(
          main.map((line) => ({ line: line.line_number - 1, column: 0, hit: line.count > 0 })),
          lineCount(source.code),
        );
      });
      return {
        ...spec,
        files: { ...spec.files, [CPP_FILE]: CPP_ABORT_HANDLER },
        script,
        finish: (run) => ({ run, coverage: read(run.report) }),
      };
    }
    default:
      return undefined;
  }
}
