// The `rosetta` command's sources as one esbuild bundle (split at the commands' lazy imports), kept
// in node_modules/.cache/rosetta-cli and rebuilt whenever a source it holds changes: Node then loads
// plain JavaScript, without tsx's loader thread transforming and resolving some 230 modules at every
// start (a command started in ~1 s less CPU). Packages stay outside the bundle, loaded by Node as
// before; `server-only` is empty, as bin/server-only-hook.js makes it under tsx.
//
// Fresh means: the same builder, esbuild, Node and checkout folder, every bundled file's content
// unchanged (hashed, not dated), and the same names in every folder the sources come from (a new file
// could change what an import resolves to). Anything else rebuilds (~1 s) before the command runs;
// bin/rosetta.js falls back to tsx when the bundle cannot be built or stored.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(import.meta.dirname, "..");
const cacheDir = path.join(root, "node_modules", ".cache", "rosetta-cli");
const manifestFile = path.join(cacheDir, "manifest.json");
const ENTRY = "lib/cli/main.ts";
/** Files esbuild reads besides the sources: the path aliases, compiler options and module type. */
const CONFIG_FILES = ["tsconfig.json", "package.json"];
/** Builds no process has started from for this long are removed when a new one is stored. */
const KEEP_UNUSED_MS = 7 * 24 * 3600 * 1000;

const LOADERS = {
  ".ts": "ts",
  ".mts": "ts",
  ".cts": "ts",
  ".tsx": "tsx",
  ".js": "js",
  ".mjs": "js",
  ".cjs": "js",
  ".jsx": "jsx",
  ".json": "json",
};

const sha = (data) => createHash("sha256").update(data).digest("hex");

/** What, besides the sources, a bundle depends on: this file, esbuild's and Node's versions, the folder it was built for. */
function builderKey(esbuildVersion) {
  return sha([readFileSync(import.meta.filename, "utf8"), esbuildVersion, process.versions.node, root].join("\0"));
}

function listing(dir) {
  try {
    return readdirSync(path.join(root, dir)).sort().join("/");
  } catch {
    return null;
  }
}

function readSource(file) {
  try {
    return readFileSync(path.join(root, file));
  } catch {
    return "\0missing";
  }
}

/**
 * The fingerprint of the files and folders a manifest names: their content (as `read` gives it; the
 * files as they are now by default) and the folders' listings now. One function for the build and
 * the freshness check, so that the two always hash alike.
 */
function fingerprint(files, dirs, read = readSource) {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file}\0${sha(read(file))}\0`);
  for (const dir of dirs) hash.update(`${dir}/\0${listing(dir)}\0`);
  return hash.digest("hex");
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return null;
  }
}

/** The fresh bundle's entry file, or null. */
function freshEntry(esbuildVersion) {
  const manifest = readManifest();
  if (!manifest || manifest.builder !== builderKey(esbuildVersion)) return null;
  if (fingerprint(manifest.files, manifest.dirs) !== manifest.fingerprint) return null;
  const dir = path.join(cacheDir, manifest.build);
  try {
    const now = new Date();
    utimesSync(dir, now, now); // in use: kept when later builds prune old ones
  } catch {
    return null;
  }
  return path.join(dir, manifest.entry);
}

/** Writes a file so that a reader sees either nothing or all of it. */
function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

async function build(esbuild) {
  const contents = new Map(); // bundled file (relative to root) → the exact text esbuild got
  const configText = CONFIG_FILES.map((file) => readFileSync(path.join(root, file)));
  const plugin = {
    name: "rosetta-sources",
    setup(b) {
      b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "rosetta-empty" }));
      b.onLoad({ filter: /.*/, namespace: "rosetta-empty" }, () => ({ contents: "", loader: "js" }));
      b.onLoad({ filter: /.*/ }, (args) => {
        const loader = LOADERS[path.extname(args.path)];
        if (!loader) return undefined;
        const text = readFileSync(args.path, "utf8");
        contents.set(path.relative(root, args.path), text);
        // Each module keeps its own location: paths resolved from it (migrations, bin/rosetta.js, a
        // worker thread's script) stay where they are in the checkout.
        const code = text.includes("import.meta")
          ? text
              .replaceAll("import.meta.dirname", JSON.stringify(path.dirname(args.path)))
              .replaceAll("import.meta.filename", JSON.stringify(args.path))
              .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
          : text;
        return { contents: code, loader, resolveDir: path.dirname(args.path) };
      });
    },
  };
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: `node${process.versions.node}`,
    packages: "external",
    keepNames: true,
    sourcemap: "linked",
    sourcesContent: false,
    outdir: path.join(cacheDir, "build"),
    entryNames: "[name]",
    chunkNames: "chunk-[hash]",
    write: false,
    logLevel: "silent",
    plugins: [plugin],
  });
  const files = [...contents.keys(), ...CONFIG_FILES].sort();
  const dirs = [...new Set(files.map((file) => path.dirname(file)))].sort();
  // Fingerprinted from the text esbuild bundled (config files as read before): a file edited during
  // the build leaves a manifest that no longer matches, so the next start rebuilds.
  const bundled = fingerprint(files, dirs, (file) => {
    const i = CONFIG_FILES.indexOf(file);
    return i >= 0 ? configText[i] : contents.get(file);
  });
  const outputs = result.outputFiles.map((file) => ({
    name: path.relative(path.join(cacheDir, "build"), file.path),
    contents: file.contents,
  }));
  const buildId = sha(outputs.map((file) => `${file.name}\0${sha(file.contents)}`).join("\0")).slice(0, 16);
  const buildDir = path.join(cacheDir, buildId);
  mkdirSync(cacheDir, { recursive: true });
  if (listing(path.relative(root, buildDir)) === null) {
    const temporary = `${buildDir}.${process.pid}.tmp`;
    rmSync(temporary, { recursive: true, force: true });
    for (const file of outputs) {
      mkdirSync(path.dirname(path.join(temporary, file.name)), { recursive: true });
      writeFileSync(path.join(temporary, file.name), file.contents);
    }
    try {
      renameSync(temporary, buildDir);
    } catch (error) {
      // Another process stored the same build first.
      rmSync(temporary, { recursive: true, force: true });
      if (listing(path.relative(root, buildDir)) === null) throw error;
    }
  }
  const entry = path.basename(ENTRY).replace(/\.ts$/, ".js");
  writeAtomically(
    manifestFile,
    JSON.stringify({ builder: builderKey(esbuild.version), fingerprint: bundled, build: buildId, entry, files, dirs }),
  );
  prune(buildId);
  return path.join(buildDir, entry);
}

/** Removes builds unused for KEEP_UNUSED_MS (a process started from one may still load its chunks). */
function prune(current) {
  for (const name of readdirSync(cacheDir)) {
    if (name === current || name === "manifest.json") continue;
    const full = path.join(cacheDir, name);
    try {
      if (Date.now() - statSync(full).mtimeMs > KEEP_UNUSED_MS) rmSync(full, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

/**
 * The bundle's entry (a file path), built first if the sources changed since. Throws when it cannot
 * be built or stored (then the caller runs the sources through tsx).
 */
export async function bundledEntry() {
  // The esbuild tsx runs on (a dependency of tsx's, so always there); loaded only to build.
  const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
  const { version } = fromTsx("esbuild/package.json");
  return freshEntry(version) ?? (await build(fromTsx("esbuild")));
}
