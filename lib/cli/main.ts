import { Command, CommanderError } from "commander";
import type { EndpointOptions } from "@/lib/cli/endpoint";
import { formatCliError } from "@/lib/cli/output";

/** Runs the `rosetta` command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name("rosetta")
    .description("Rosetta: multilingual code instruction data from LLM agents with memory (xCoder).")
    .exitOverride()
    .showHelpAfterError();

  program
    .command("studio")
    .description("start the studio: embedded PostgreSQL (unless DATABASE_URL), migrations, web server and one worker")
    .action(async () => {
      const { runStudio } = await import("@/lib/cli/studio");
      program.setOptionValue("exitCode", await runStudio());
    });

  program
    .command("worker")
    .description("start one more worker against DATABASE_URL (or the studio running in this folder)")
    .option(
      "--queues <names>",
      "take only these queues, comma-separated: synthesis, verify, solve, dpo, eval, maintenance (default: all, or ROSETTA_WORKER_QUEUES)",
    )
    .action(async (options: { queues?: string }) => {
      const { runWorkerCommand } = await import("@/lib/cli/worker");
      program.setOptionValue("exitCode", await runWorkerCommand(options));
    });

  program
    .command("import")
    .description(
      "import snippets (folders, git working trees, .jsonl) or an existing instruction set (--instructions) into a project, creating it if needed",
    )
    .argument("[paths...]", "folders, git working trees or .jsonl files ({code, language?, path?, license?, repo?} per line)")
    .requiredOption("--project <slug>", "the project to import into")
    .option(
      "--instructions <file>",
      "a .jsonl instruction set to import as seed pairs: {instruction, response}, {messages}, {conversations} or Alpaca records",
    )
    .option("--format <format>", "with --instructions: auto, rosetta, messages, sharegpt or alpaca", "auto")
    .option("--license <license>", "with --instructions: the licence of records that name none")
    .option("--source-name <name>", "with --instructions: the dataset's name, kept as the pairs' repository")
    .option("--max-tokens <n>", "skip snippets longer than this", "1024")
    .option("--max-bytes <n>", "skip files larger than this", String(256 * 1024))
    .option("--languages <list>", "for a new project: its languages, comma-separated (default: all ten)")
    .action(async (paths: string[], options: Record<string, string>) => {
      const { runImport } = await import("@/lib/cli/import");
      program.setOptionValue("exitCode", await runImport(paths, options));
    });

  program
    .command("run")
    .description(
      "run synthesis stages on a project (seed pairs → agents → discussions → verification → independent check → DPO) and follow them with progress bars",
    )
    .requiredOption("--project <slug>", "the project")
    .option("--stages <list>", "comma-separated: seed, agents, discuss, verify, solve, dpo", "seed,agents,discuss,solve")
    .option("--limit <n>", "at most this many snippets (seed), discussions (discuss) or items (verify, solve, dpo)")
    .option("--endpoint <profile>", "bind every model role of the project to this endpoint profile first")
    .option("--policy-endpoint <profile>", "bind the policy role (the model being trained; DPO samples from it) to this profile")
    .option("--no-follow", "start the run and return; workers carry it out")
    .action(async (options: Record<string, unknown>) => {
      const { runSynthesis } = await import("@/lib/cli/run");
      program.setOptionValue("exitCode", await runSynthesis(options));
    });

  const project = program.command("project").description("projects: create, settings, presets");
  project
    .command("create")
    .description("create a project (the studio's New project form)")
    .requiredOption("--project <slug>", "its slug: lower-case letters, digits and dashes")
    .option("--name <name>", "its name (default: the slug)")
    .option("--languages <list>", "its languages, comma-separated (default: all ten)")
    .option("--preset <name>", "a protocol preset: xcoder-paper, fast-draft or rosetta-default (rosetta project presets)")
    .action(async (options: { project: string; name?: string; languages?: string; preset?: string }) => {
      const { createProjectCommand } = await import("@/lib/cli/project");
      program.setOptionValue("exitCode", await createProjectCommand(options));
    });
  project
    .command("settings")
    .description("show a project's protocol and review settings (defaults filled in), or change them with --preset, --set and --rubric")
    .requiredOption("--project <slug>", "the project")
    .option("--preset <name>", "run with this protocol preset (the project's own values stay over it; rosetta project presets)")
    .option(
      "--set <path=value>",
      "e.g. discussion.debate=true, agents.scope=PER_LANGUAGE, discussion.budgets.rust=500, review.overlap=2, review.overlapByLanguage.rust=3, review.overlapShare=0.1 (repeatable)",
      (value: string, all: string[] = []) => [...all, value],
    )
    .option(
      "--rubric <file.json>",
      'the review rubric: a JSON array of questions, e.g. [{"id":"clarity","label":"Is the code clear?","kind":"scale","aspect":"clarity"},{"id":"issues","label":"Issues","kind":"labels","options":["off-topic","wrong language"]}]',
    )
    .action(async (options: { project: string; set?: string[]; preset?: string; rubric?: string }) => {
      const { projectSettings } = await import("@/lib/cli/project");
      program.setOptionValue("exitCode", await projectSettings(options));
    });
  project
    .command("presets")
    .description("list the protocol presets, with every value each sets and why")
    .action(async () => {
      const { listPresetsCommand } = await import("@/lib/cli/project");
      program.setOptionValue("exitCode", listPresetsCommand());
    });

  const endpoint = program
    .command("endpoint")
    .description("OpenAI-compatible model endpoints (OpenAI, vLLM, Ollama, llama.cpp, the scripted server…)");
  /** The options `endpoint add` and `endpoint edit` share; on edit, `none` clears an optional limit. */
  const profileOptions = (command: Command, { edit }: { edit: boolean }) =>
    command
      .option("--api-key <key>", "sent as a bearer token; stored encrypted")
      .option("--max-concurrency <n>", "requests in flight at once, across all workers (default 4)")
      .option(
        "--max-tokens <n>",
        `the answer limit of every role on this endpoint, instead of each role's default${edit ? " (none: the defaults)" : ""}`,
      )
      .option(
        "--max-output-tokens <n>",
        `the most an answer may hold: the ceiling of the retry after a truncated answer, at least --max-tokens${edit ? " (none: the default)" : ""}`,
      )
      .option(
        "--structured-output <mode>",
        `auto (probe once, default), json_schema, json_object or none (prompt only, parsed and repaired)`,
      )
      .option("--temperature <t>", `sampling temperature, 0-2${edit ? " (none: each role's own)" : ""}`)
      .option("--top-p <p>", "nucleus sampling, (0, 1]")
      .option("--requests-per-minute <n>", "a rate limit shared by all workers")
      .option("--tokens-per-minute <n>", "a token rate limit shared by all workers")
      .option("--input-price <usd>", "USD per million prompt tokens, for cost sums")
      .option("--output-price <usd>", "USD per million completion tokens");
  profileOptions(
    endpoint
      .command("add")
      .description("add an endpoint profile")
      .requiredOption("--name <name>", "a name to refer to it by")
      .requiredOption("--base-url <url>", "e.g. http://localhost:8000/v1")
      .requiredOption("--model <model>", "the model id the endpoint serves"),
    { edit: false },
  ).action(async (options: EndpointOptions & { name: string; baseUrl: string; model: string }) => {
    const { addEndpoint } = await import("@/lib/cli/endpoint");
    program.setOptionValue("exitCode", await addEndpoint(options));
  });
  profileOptions(
    endpoint
      .command("edit")
      .description(
        "change an endpoint profile: only the options given (a new base URL, model or structured-output mode probes the server again)",
      )
      .argument("<name>", "the profile's name (rosetta endpoint list)")
      .option("--base-url <url>", "e.g. http://localhost:8000/v1")
      .option("--model <model>", "the model id the endpoint serves"),
    { edit: true },
  )
    .option("--no-api-key", "remove the API key")
    .action(async (name: string, options: EndpointOptions) => {
      const { editEndpoint } = await import("@/lib/cli/endpoint");
      program.setOptionValue("exitCode", await editEndpoint(name, options));
    });
  endpoint
    .command("list")
    .description("list endpoint profiles")
    .action(async () => {
      const { listEndpoints } = await import("@/lib/cli/endpoint");
      program.setOptionValue("exitCode", await listEndpoints());
    });

  const user = program.command("user").description("accounts and API tokens");
  user
    .command("create")
    .description("create an account; the password comes from standard input, or is generated and shown once")
    .requiredOption("--email <email>", "the account's email")
    .option("--name <name>", "a display name")
    .option("--admin", "an administrator (everything, including users)")
    .option("--project <slug>", "add the account to this project…")
    .option("--role <role>", "…with this role: curator, annotator or viewer", "viewer")
    .action(async (options: { email: string; name?: string; admin?: boolean; project?: string; role: string }) => {
      const { createUserCommand } = await import("@/lib/cli/user");
      program.setOptionValue("exitCode", await createUserCommand(options));
    });
  user
    .command("list")
    .description("list accounts: email, admin or member, enabled or disabled, last sign-in, projects with roles")
    .action(async () => {
      const { listUsersCommand } = await import("@/lib/cli/user-admin");
      program.setOptionValue("exitCode", await listUsersCommand());
    });
  for (const [name, what] of [
    ["disable", "disable an account: its sessions end and its API tokens stop working at once (the last admin stays)"],
    ["enable", "enable a disabled account again"],
  ] as const)
    user
      .command(name)
      .description(what)
      .requiredOption("--email <email>", "the account's email")
      .action(async (options: { email: string }) => {
        const commands = await import("@/lib/cli/user-admin");
        program.setOptionValue("exitCode", await (name === "disable" ? commands.disableUserCommand : commands.enableUserCommand)(options));
      });
  user
    .command("role")
    .description("set the admin flag, and/or a project role (--project with --role, or --remove to end the membership)")
    .requiredOption("--email <email>", "the account's email")
    .option("--admin", "make the account an administrator")
    .option("--no-admin", "take the administrator flag away (never from the last enabled admin)")
    .option("--project <slug>", "the project whose membership to set…")
    .option("--role <role>", "…to this role: curator, annotator or viewer (added if not a member)")
    .option("--remove", "…or remove the account from the project")
    .action(async (options: { email: string; admin?: boolean; project?: string; role?: string; remove?: boolean }) => {
      const { userRoleCommand } = await import("@/lib/cli/user-admin");
      program.setOptionValue("exitCode", await userRoleCommand(options));
    });
  user
    .command("password")
    .description("set a new password (read from standard input, or generated and shown once; sessions end), or print a one-time reset link")
    .requiredOption("--email <email>", "the account's email")
    .option("--link", "print a one-time reset link valid for a day instead")
    .action(async (options: { email: string; link?: boolean }) => {
      const { userPasswordCommand } = await import("@/lib/cli/user-admin");
      program.setOptionValue("exitCode", await userPasswordCommand(options));
    });
  const token = user.command("token").description("API tokens for the CLI and automation");
  token
    .command("create")
    .description("create an API token (shown once; only its hash is kept)")
    .requiredOption("--email <email>", "whose token")
    .requiredOption("--name <name>", "what it is for")
    .option("--role <role>", "its role, at most the user's: curator, annotator or viewer", "viewer")
    .option("--project <slug>", "only for this project")
    .action(async (options: { email: string; name: string; role: string; project?: string }) => {
      const { createTokenCommand } = await import("@/lib/cli/user");
      program.setOptionValue("exitCode", await createTokenCommand(options));
    });
  token
    .command("revoke")
    .description("revoke an API token")
    .argument("<id>", "the token's id (rosetta user token list)")
    .action(async (id: string) => {
      const { revokeTokenCommand } = await import("@/lib/cli/user");
      program.setOptionValue("exitCode", await revokeTokenCommand(id));
    });
  token
    .command("list")
    .description("list API tokens (never their secrets)")
    .action(async () => {
      const { listTokensCommand } = await import("@/lib/cli/user");
      program.setOptionValue("exitCode", await listTokensCommand());
    });

  const version = program.command("version").description("dataset versions: immutable cuts of the accepted items, with their DPO pairs");
  version
    .command("create")
    .description("cut a version from the accepted items (seed pairs and synthesized); prints its item count and content hash")
    .requiredOption("--project <slug>", "the project")
    .requiredOption("--tag <tag>", "its name, e.g. v1.0 (letters, digits, . _ -)")
    .option("--notes <text>", "release notes")
    .option("--languages <list>", "only these languages, comma-separated")
    .option("--min-score <n>", "only items the scorer rated at least this (1-5)")
    .option("--verified-only", "only items whose tests passed")
    .option("--include-unreviewed", "also the items nobody reviewed yet (never a rejected one); the card says how many")
    .option("--include-contaminated", "also items that leak a benchmark problem (left out by default); flagged in the card and metadata")
    .option("--keep-duplicates", "every near-duplicate (by default one item per language and duplicate cluster, the best-scored)")
    .option(
      "--min-agreeing <n>",
      "only items with at least n standing accept decisions (1-10; annotators' and a curator's adjudication alike); the card says how many it left out",
    )
    .option("--sources <list>", "comma-separated: ds1, ds2, ds3, edits", "ds1,ds2,ds3,edits")
    .action(async (options: Record<string, unknown>) => {
      const { createVersionCommand } = await import("@/lib/cli/version");
      program.setOptionValue("exitCode", await createVersionCommand(options));
    });
  version
    .command("list")
    .description("list a project's versions, newest first")
    .requiredOption("--project <slug>", "the project")
    .action(async (options: { project: string }) => {
      const { listVersionsCommand } = await import("@/lib/cli/version");
      program.setOptionValue("exitCode", await listVersionsCommand(options));
    });
  version
    .command("diff")
    .description("items added, removed and changed per language from one version to another")
    .requiredOption("--project <slug>", "the project")
    .argument("<from>", "the older version's tag")
    .argument("<to>", "the newer version's tag")
    .action(async (from: string, to: string, options: { project: string }) => {
      const { diffVersionsCommand } = await import("@/lib/cli/version");
      program.setOptionValue("exitCode", await diffVersionsCommand({ ...options, from, to }));
    });

  program
    .command("verify")
    .description(
      "run items' code against their tests in the sandbox: JSONL {id, language, code, tests} in, one {id, status, reason, durationMs} per item out",
    )
    .argument("<items.jsonl>", "the items")
    .option("--out <results.jsonl>", "write results here instead of standard output")
    .option("--concurrency <n>", "runs at once (each its own sandbox)", "2")
    .action(async (file: string, options: { out?: string; concurrency?: string }) => {
      const { runVerify } = await import("@/lib/cli/verify");
      program.setOptionValue("exitCode", await runVerify(file, options));
    });

  program
    .command("eval")
    .description(
      "evaluate a model (any OpenAI-compatible endpoint) on a bundled benchmark, per language; the last stdout line is JSON {benchmark, model, languages: {<language>: {problems, pass@1, …}}}",
    )
    .option("--base-url <url>", "the model's OpenAI-compatible endpoint, e.g. http://localhost:8000/v1")
    .option("--model <name>", "the model name the endpoint serves")
    .option("--api-key <key>", "the endpoint's key (used by this process only, never stored)")
    .option("--benchmark <suite>", "humaneval, mbxp or humaneval-x")
    .option("--languages <a,b>", "only these languages (default: all the benchmark has)")
    .option("--limit <n>", "at most this many problems per language")
    .option("--samples <k>", "answers per problem (pass@k for k > 1)", "1")
    .option("--temperature <t>", "sampling temperature", "0")
    .option("--out <results.jsonl>", "write one line per answer: task_id, language, sample, verdict, code, output")
    .option("--project <slug>", "show the run on this project's Evaluations page")
    .option("--resume <run id>", "continue an interrupted evaluation without asking again what was answered")
    .option("--concurrency <n>", "problems asked at once", "4")
    .action(async (options: Record<string, string>) => {
      const { runEval } = await import("@/lib/cli/eval");
      program.setOptionValue("exitCode", await runEval(options));
    });

  const quality = program
    .command("quality")
    .description("the quality gate: leaks of benchmark problems, near-duplicates, a project's own benchmark files");
  // A project's own benchmark files (lib/cli/quality-benchmark.ts).
  const benchmark = quality
    .command("benchmark")
    .description("a project's own benchmark files (JSONL), checked for leaks with the bundled ones");
  benchmark
    .command("add")
    .description("add a JSONL benchmark file ({task_id, prompt, canonical_solution, language?} a line) to a project")
    .argument("<file.jsonl>", "the benchmark file")
    .requiredOption("--project <slug>", "the project")
    .option("--name <name>", "the name leaks are reported with (default: the file's name)")
    .action(async (file: string, options: { project: string; name?: string }) => {
      const { addBenchmarkCommand } = await import("@/lib/cli/quality-benchmark");
      program.setOptionValue("exitCode", await addBenchmarkCommand(file, options));
    });
  benchmark
    .command("list")
    .description("list the bundled benchmarks and the project's own files, with their problem counts")
    .requiredOption("--project <slug>", "the project")
    .action(async (options: { project: string }) => {
      const { listBenchmarksCommand } = await import("@/lib/cli/quality-benchmark");
      program.setOptionValue("exitCode", await listBenchmarksCommand(options));
    });
  benchmark
    .command("remove")
    .description("remove one of the project's benchmark files")
    .argument("<name>", "its name (rosetta quality benchmark list)")
    .requiredOption("--project <slug>", "the project")
    .action(async (name: string, options: { project: string }) => {
      const { removeBenchmarkCommand } = await import("@/lib/cli/quality-benchmark");
      program.setOptionValue("exitCode", await removeBenchmarkCommand(name, options));
    });

  quality
    .command("check")
    .description(
      "flag items that leak a benchmark problem (bundled HumanEval, MBPP, MBXP, HumanEval-X, and --benchmark files) and near-duplicates: JSONL {id, language, instruction, solution?, tests?} in, one line per item and a summary line out",
    )
    .argument("<items.jsonl>", "the items (any language name)")
    .option("--out <flags.jsonl>", "write the flags here instead of standard output")
    .option(
      "--benchmark <file.jsonl>",
      "also check against this benchmark file ({task_id|id, prompt|statement|description|instruction|text, canonical_solution|solution|code, language?} per line; repeatable)",
      (value: string, all: string[] = []) => [...all, value],
    )
    .option("--duplicate-threshold <0.3..1>", "near-duplicates: Jaccard similarity of instruction words or code tokens", "0.7")
    .action(async (file: string, options: { out?: string; benchmark?: string[]; duplicateThreshold?: string }) => {
      const { runQualityCheck } = await import("@/lib/cli/quality");
      program.setOptionValue("exitCode", await runQualityCheck(file, options));
    });

  program
    .command("export")
    .description(
      "write a dataset version's files (train, test with a split, README.md) for a trainer: SFT chat messages, ShareGPT, Alpaca or DPO pairs, as JSONL or Parquet",
    )
    .requiredOption("--project <slug>", "the project")
    .requiredOption("--version <tag>", "the version's tag")
    .requiredOption("--format <format>", "sft, sharegpt, alpaca or dpo")
    .option("--file-type <type>", "jsonl or parquet", "jsonl")
    .option("--test-fraction <0..1>", "also write test.* with this share of the items, split by a stable hash of each item")
    .option(
      "--metadata",
      "add per-record metadata (language, source, difficulty, score, tests, verdicts, pass rate): a `metadata` object in JSONL, columns in Parquet",
    )
    .requiredOption("--out <dir>", "the folder to write into (created if missing)")
    .action(async (options: Record<string, unknown>) => {
      const { runExport } = await import("@/lib/cli/export");
      program.setOptionValue("exitCode", await runExport(options));
    });

  program
    .command("model-server")
    .description("the scripted OpenAI-compatible server for tests and demos (no language model inside)")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <port>", "port (0: any free one)", "8100")
    .option("--seed <n>", "seed: the same seed gives the same answers", "1")
    .option("--wrong-rate <0..1>", "share of solutions that are wrong", "0.2")
    .option("--eliminate-rate <0..1>", "share of elimination checks that find an evolution no harder or no different", "0.1")
    .option("--ttft-ms <ms>", "time to first token", "40")
    .option("--tokens-per-second <n>", "streaming speed", "400")
    .option("--fault-rate <0..1>", "share of requests that fail (429, 500, reset, hang, malformed JSON, truncated stream)", "0")
    .option("--retry-after <seconds>", "Retry-After of an injected 429", "1")
    .option("--api-key <key>", "require this bearer key (401 otherwise)")
    .option(
      "--format <mode>",
      "how answers are worded: json, think, reasoning-content, fence-in-string, near-json, markdown, loose-values, no-finish-reason, no-usage, json-schema, reject-response-format or mixed",
      "json",
    )
    .option(
      "--eval <mode>",
      "answer evaluation questions (rosetta eval) with each benchmark problem's canonical solution or a wrong one: canonical or wrong",
    )
    .action(async (options: Record<string, string>) => {
      const { runModelServer } = await import("@/model-server/cli");
      program.setOptionValue("exitCode", await runModelServer(options));
    });

  program
    .command("build")
    .description("build the web app for production (the studio does this on first start)")
    .action(async () => {
      const { buildWebApp } = await import("@/lib/cli/build");
      await buildWebApp();
    });

  try {
    await program.parseAsync(argv);
    return (program.getOptionValue("exitCode") as number | undefined) ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode; // commander already printed help or the usage error
    console.error(formatCliError(error));
    return 1;
  }
}
