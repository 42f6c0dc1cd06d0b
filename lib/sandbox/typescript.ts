import "server-only";
import path from "node:path";
import ts from "typescript";

/**
 * TypeScript is judged as MultiPL-E judges it: the program must type-check (`tsc --target esnext`)
 * before it runs. Checking reads the code and runs none of it, so it happens here, in the trusted
 * process, with the standard library's parsed files cached across checks (a fresh `tsc` spends
 * seconds on lib.d.ts); only the emitted JavaScript goes into the sandbox.
 */

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.CommonJS,
  types: ["node"],
  typeRoots: [path.resolve("node_modules/@types")],
  skipLibCheck: true,
  noEmitOnError: true,
  strict: false,
};

const cache = new Map<string, ts.SourceFile>();
const MAIN = "/box/main.ts";

export function checkTypeScript(source: string): { ok: true; javascript: string } | { ok: false; errors: string } {
  const base = ts.createCompilerHost(OPTIONS);
  let javascript = "";
  const host: ts.CompilerHost = {
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
    },
  };
  const program = ts.createProgram([MAIN], OPTIONS, host);
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
  return { ok: true, javascript };
}
