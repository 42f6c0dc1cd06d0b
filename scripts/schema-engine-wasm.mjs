#!/usr/bin/env node
// Drop-in replacement for Prisma's native `schema-engine` binary (PostgreSQL only).
// The Prisma CLI spawns it (PRISMA_SCHEMA_ENGINE_BINARY) and talks JSON-RPC over stdio;
// we forward each call to the WebAssembly schema engine (@prisma/schema-engine-wasm)
// running on top of the `pg` driver adapter, so nothing has to be downloaded.
import { readFile } from "node:fs/promises";
import readline from "node:readline";
import pg from "pg";
import { parse as parsePgUrl } from "pg-connection-string";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { loadSchemaEngine, schemaEngineVersion, sendScriptsWhole } from "../lib/db/schema-engine.mjs";

const args = process.argv.slice(2);
const argValue = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const argValues = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
// The engine's log callback already yields JSON log lines, as the native binary prints on stderr.
const log = (msg) => process.stderr.write(String(msg).trimEnd() + "\n");
// Rust panics inside the Wasm engine report their message here (as @prisma/internals does).
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: "",
  set_message(m) {
    this.message = `RuntimeError: ${m}`;
  },
};
// A panic can also surface outside an RPC call (inside a driver callback): report it like the
// native engine does (JSON ERROR line on stderr, exit code 101) instead of dying silently.
process.on("uncaughtException", (e) => {
  const message = globalThis.PRISMA_WASM_PANIC_REGISTRY.message || String(e?.stack ?? e);
  process.stderr.write(JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields: { message, is_panic: true } }) + "\n");
  process.exit(101);
});

const ENGINE_VERSION = await schemaEngineVersion();

if (args.includes("--version") || args.includes("-V")) {
  console.log(`schema-engine-cli ${ENGINE_VERSION.split(".").pop()} (wasm ${ENGINE_VERSION})`);
  process.exit(0);
}

const datasource = JSON.parse(argValue("--datasource") ?? "{}");
if (!datasource.url) {
  console.error('schema-engine-wasm: --datasource {"url": ...} is required');
  process.exit(1);
}

// The engine's catalog queries return PostgreSQL-internal types that @prisma/adapter-pg 7.x
// refuses ("Column type 'char' could not be deserialized from the database"). Let pg parse them
// as text, and report "char" columns to the engine as Character (its describer calls get_char on
// pg_constraint.contype, e.g. for PG 18's NOT NULL constraints). Only this process is affected.
const AS_TEXT = new Set([
  18 /* "char" */, 22 /* int2vector */, 24 /* regproc */, 30 /* oidvector */, 194 /* pg_node_tree */, 1033 /* aclitem */,
  2205 /* regclass */, 2206 /* regtype */,
]);
const charColumns = new WeakMap(); // result.rows -> indexes of "char" columns
const addFields = pg.Result.prototype.addFields;
pg.Result.prototype.addFields = function (fields) {
  const chars = [];
  fields.forEach((f, i) => {
    if (f.dataTypeID === 18) chars.push(i);
    if (AS_TEXT.has(f.dataTypeID)) f.dataTypeID = 25;
  });
  if (chars.length) charColumns.set(this.rows, chars);
  return addFields.call(this, fields);
};
let queryablePatched = false;
function patchQueryable(adapter) {
  if (queryablePatched) return;
  queryablePatched = true;
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)); // PgQueryable.prototype
  const queryRaw = proto.queryRaw;
  proto.queryRaw = async function (query) {
    const res = await queryRaw.call(this, query);
    for (const i of charColumns.get(res.rows) ?? []) res.columnTypes[i] = ColumnTypeEnum.Character;
    return res;
  };
}

// IMPORTANT: pass a parsed config object, not { connectionString }. PrismaPg#connectToShadowDb does
// `new Pool({ ...config, database: shadow })`, and pg lets a connectionString override `database`,
// which would point the "shadow" database at the real one.
const pgConfig = (url) => {
  const { database, host, port, user, password, ssl, options } = parsePgUrl(url);
  return { database, host, port: port ? Number(port) : undefined, user, password, ssl, options };
};

class Factory extends PrismaPg {
  constructor(url, shadowUrl) {
    super(pgConfig(url));
    this.url = url;
    this.shadowUrl = shadowUrl;
  }
  async connect() {
    const a = await super.connect();
    patchQueryable(a);
    return sendScriptsWhole(a);
  }
  // The engine needs a scratch database for `migrate dev` / `migrate diff --from-migrations`.
  // Use shadowDatabaseUrl when configured; otherwise create a temporary database (needs CREATEDB)
  // and drop it afterwards. (PrismaPg's own version drops it before closing its pool, which fails.)
  async connectToShadowDb() {
    if (this.shadowUrl) {
      // The engine expects an empty database on every call: wipe the configured shadow database
      // (as the native engine does), after making sure it is not the main database.
      const main = new pg.Client(pgConfig(this.url));
      const shadow = new pg.Client(pgConfig(this.shadowUrl));
      await Promise.all([main.connect(), shadow.connect()]);
      try {
        // Same cluster (system_identifier) and same database => same database, whatever the URLs say
        // (PGlite ignores database names). pg_control_system() may be denied to non-superusers.
        const ident = `select system_identifier::text || '/' || current_database() as id from pg_control_system()`;
        const [m, sh] = await Promise.all([main.query(ident), shadow.query(ident)]).catch(() => [null, null]);
        const [a, b] = [pgConfig(this.url), pgConfig(this.shadowUrl)];
        const same = m ? m.rows[0].id === sh.rows[0].id : a.host === b.host && a.port === b.port && a.database === b.database;
        if (same) throw new Error("shadowDatabaseUrl points at the main database: refusing to wipe it");
        const { rows } = await shadow.query(
          `select nspname from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema'`,
        );
        for (const { nspname } of rows) await shadow.query(`DROP SCHEMA "${nspname.replaceAll('"', '""')}" CASCADE`);
        await shadow.query("CREATE SCHEMA IF NOT EXISTS public");
      } finally {
        await Promise.all([main.end(), shadow.end()]);
      }
      return new PrismaPg(pgConfig(this.shadowUrl)).connect();
    }
    const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    const admin = new pg.Client(pgConfig(this.url));
    await admin.connect();
    // PGlite's socket server has a single database: every database name reaches the main one.
    const {
      rows: [{ version }],
    } = await admin.query("select version()");
    if (/PGlite/i.test(version)) {
      await admin.end();
      throw new Error(
        "PGlite serves one database only: set datasource.shadowDatabaseUrl (prisma.config.ts) to a second, empty PGlite server for migrate dev",
      );
    }
    await admin.query(`CREATE DATABASE "${name}"`);
    const pool = new pg.Pool({ ...pgConfig(this.url), database: name });
    const inner = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
    const dispose = inner.dispose.bind(inner);
    inner.dispose = async () => {
      await dispose();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    };
    return inner;
  }
}

// --- `schema-engine cli <command>` one-shot commands used by the CLI before migrate/db push ---
const cliIdx = args.indexOf("cli");
if (cliIdx >= 0) {
  const command = args[cliIdx + 1];
  const cfg = pgConfig(datasource.url);
  const fail = (code, message) => {
    // The CLI drops the first stderr line before parsing the JSON log lines.
    process.stderr.write(JSON.stringify({ level: "INFO", fields: { message: `schema-engine-wasm cli ${command}` } }) + "\n");
    process.stderr.write(JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields: { error_code: code, message } }) + "\n");
    process.exit(1);
  };
  if (command === "can-connect-to-database") {
    const c = new pg.Client(cfg);
    try {
      await c.connect();
      await c.end();
      process.exit(0);
    } catch (e) {
      if (e.code === "3D000") fail("P1003", `Database \`${cfg.database}\` does not exist`);
      fail("P1001", `Can't reach database server: ${e.message}`);
    }
  } else if (command === "create-database") {
    const c = new pg.Client({ ...cfg, database: "postgres" });
    try {
      await c.connect();
      await c.query(`CREATE DATABASE "${cfg.database.replaceAll('"', '""')}"`);
      await c.end();
      process.exit(0);
    } catch (e) {
      fail("P1000", e.message);
    }
  } else if (command === "drop-database") {
    const c = new pg.Client({ ...cfg, database: "postgres" });
    try {
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${cfg.database.replaceAll('"', '""')}"`);
      await c.end();
      process.exit(0);
    } catch (e) {
      fail("P1000", e.message);
    }
  }
  fail("P1000", `schema-engine-wasm: unsupported cli command ${command}`);
}

// --- JSON-RPC server ---
const SchemaEngine = await loadSchemaEngine();
const adapter = bindMigrationAwareSqlAdapterFactory(new Factory(datasource.url, datasource.shadowDatabaseUrl));
const datamodels = await Promise.all(argValues("--datamodels").map(async (p) => [p, await readFile(p, "utf8")]));
const engine = await SchemaEngine.new({ datamodels: datamodels.length ? datamodels : undefined }, (m) => log(m), adapter);

const send = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
let nextPrintId = 1_000_000;
const METHOD_MAP = { getDatabaseVersion: "version" };

async function handle(req) {
  const method = METHOD_MAP[req.method] ?? req.method;
  if (typeof engine[method] !== "function") {
    return send({
      jsonrpc: "2.0",
      id: req.id,
      error: {
        code: -32601,
        message: "Method not found",
        data: { is_panic: false, message: `schema-engine-wasm: method ${req.method} is not supported by the Wasm schema engine`, meta: {} },
      },
    });
  }
  try {
    // Workaround: the Wasm engine's evaluateDataLoss/createMigration can only read the shadow
    // schema of a migration list from a cache that devDiagnostic fills (they never call the
    // adapter's connectToShadowDb themselves). When `migrate dev` starts with pending migrations,
    // the list differs from the one devDiagnostic saw and they fail with "PostgreSQL shadow DB must
    // be provided through an external factory". Warm the cache for the exact list first.
    if ((method === "evaluateDataLoss" || method === "createMigration") && req.params?.migrationsList) {
      await engine
        .devDiagnostic({
          migrationsList: req.params.migrationsList,
          filters: req.params.filters ?? { externalTables: [], externalEnums: [] },
        })
        .catch(() => {});
    }
    let result = await engine[method](req.params ?? {});
    if (method === "diff" && result && typeof result === "object" && "stdout" in result) {
      const { stdout, ...rest } = result;
      if (stdout) send({ jsonrpc: "2.0", id: nextPrintId++, method: "print", params: { content: stdout.replace(/\n$/, "") } });
      result = rest;
    }
    send({ jsonrpc: "2.0", id: req.id, result: result ?? null });
  } catch (err) {
    let e = err;
    // Errors thrown on the JS side (driver/adapter) reach us as "External error id#N".
    const ext = /External error id#(\d+)/.exec(String(e?.message));
    const original = ext && adapter.errorRegistry.consumeError(Number(ext[1]))?.error;
    if (original) e = new Error(`${original.message ?? original.kind ?? JSON.stringify(original)}\n${e.message}`);
    const isPanic = e instanceof WebAssembly.RuntimeError;
    const message = isPanic
      ? globalThis.PRISMA_WASM_PANIC_REGISTRY.message || String(e)
      : e?.cause?.message
        ? `${e.message}\n${e.cause.message}`
        : String(e?.message ?? e);
    send({
      jsonrpc: "2.0",
      id: req.id,
      error: {
        code: 4466,
        message: "An error happened. Check the data field for details.",
        data: { is_panic: isPanic, message, error_code: e?.code, meta: e?.meta ?? {} },
      },
    });
  }
}

// Calls are handled one at a time (the Wasm engine is not re-entrant).
let queue = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  if (!line.trim()) return;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (!msg.method) return; // the CLI's answer to one of our `print` requests
  queue = queue.then(() => handle(msg));
});
rl.on("close", async () => {
  await queue;
  try {
    engine.free();
  } catch {}
  process.exit(0);
});
