// The WebAssembly Prisma schema engine, shared by the Prisma CLI stand-in
// (scripts/schema-engine-wasm.mjs) and the migrations the studio applies at start-up
// (lib/db/migrate.ts). Plain ESM so that both a bare `node` and the TypeScript app can load it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

let loaded;

/**
 * The engine's `SchemaEngine` class, from @prisma/schema-engine-wasm. Instantiated once per process:
 * the JS glue module is a singleton, and a second instance would swap the WebAssembly memory from
 * under engines that are still running.
 */
export function loadSchemaEngine() {
  loaded ??= instantiate();
  return loaded;
}

async function instantiate() {
  // Rust panics inside the engine report their message here, as @prisma/internals sets it up.
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    message: "",
    set_message(message) {
      this.message = `RuntimeError: ${message}`;
    },
  };
  const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const runtime = await import(pathToFileURL(glue).href);
  const wasm = await readFile(path.join(path.dirname(glue), "schema_engine_bg.wasm"));
  // The engine arms timers (e.g. a 10 s advisory-lock timeout) through this import and never
  // clears them; unref them so a finished migration does not keep the process alive for 10 s.
  const imports = { ...runtime };
  for (const name of Object.keys(runtime).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    imports[name] = (callback, ms) => setTimeout(callback, ms >>> 0).unref();
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), { "./schema_engine_bg.js": imports });
  runtime.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return runtime.SchemaEngine;
}

/** The version of the Wasm engine package, e.g. 8.1.0-2.59be4f… */
export async function schemaEngineVersion() {
  const glue = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  return JSON.parse(await readFile(path.join(path.dirname(glue), "package.json"), "utf8")).version;
}

const patched = new WeakSet();

/**
 * @prisma/adapter-pg runs a migration script by splitting it on every ";", which breaks any
 * migration holding a function body or a semicolon in a comment. The native engine sends the script
 * whole (PostgreSQL runs a multi-statement simple query as one implicit transaction): do the same.
 * Patches the adapter class once, through one of its instances.
 */
export function sendScriptsWhole(adapter) {
  const proto = Object.getPrototypeOf(adapter);
  if (patched.has(proto)) return adapter;
  patched.add(proto);
  proto.executeScript = async function executeScript(script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  return adapter;
}
