// The TypeScript checker's worker thread (lib/sandbox/typescript.ts starts it). Plain JavaScript so
// that it loads as is in every runtime. Checking executes none of the code, but pathological types
// can take the checker minutes or all its memory: here that costs a thread, not the worker process.
import path from "node:path";
import { parentPort } from "node:worker_threads";
import ts from "typescript";

const OPTIONS = {
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.CommonJS,
  types: ["node"],
  typeRoots: [path.resolve("node_modules/@types")],
  skipLibCheck: true,
  noEmitOnError: true,
  strict: false,
};

/** The standard library's parsed files, kept across checks (a fresh `tsc` spends seconds on them). */
const cache = new Map();
const MAIN = "/box/main.ts";

function check(source, sourceMap) {
  const options = sourceMap ? { ...OPTIONS, sourceMap: true } : OPTIONS;
  const base = ts.createCompilerHost(options);
  let javascript = "";
  let map;
  const host = {
    ...base,
    getSourceFile(fileName, languageVersion, onError) {
      if (fileName === MAIN) return ts.createSourceFile(fileName, source, languageVersion, true);
      let file = cache.get(fileName);
      if (!file) {
        file = base.getSourceFile(fileName, languageVersion, onError);
        if (file) cache.set(fileName, file);
      }
      return file;
    },
    fileExists: (fileName) => fileName === MAIN || base.fileExists(fileName),
    readFile: (fileName) => (fileName === MAIN ? source : base.readFile(fileName)),
    writeFile: (fileName, text) => {
      if (fileName.endsWith(".js")) javascript = text;
      if (fileName.endsWith(".js.map")) map = text;
    },
  };
  const program = ts.createProgram([MAIN], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length) {
    const errors = diagnostics
      .slice(0, 10)
      .map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        return `${where ? `line ${where.line + 1}: ` : ""}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
      })
      .join("\n");
    return { ok: false, errors };
  }
  program.emit();
  // The map is for line coverage (lib/sandbox/coverage.ts); the JavaScript that runs is the same without it.
  if (map) return { ok: true, javascript: javascript.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"), sourceMap: map };
  return { ok: true, javascript };
}

parentPort.on("message", ({ id, source, sourceMap }) => {
  try {
    parentPort.postMessage({ id, result: check(source, sourceMap) });
  } catch (error) {
    parentPort.postMessage({
      id,
      result: { ok: false, errors: `the type-checker failed: ${error && error.message ? error.message : String(error)}` },
    });
  }
});
