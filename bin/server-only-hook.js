// Module resolution hook for the CLI and worker: `import "server-only"` marks modules the browser
// bundle must never include. Outside Next.js there is no browser bundle, so it resolves to nothing.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,", format: "module", shortCircuit: true };
  return nextResolve(specifier, context);
}
