import { Command, CommanderError } from "commander";
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
    .action(async () => {
      const { runWorkerCommand } = await import("@/lib/cli/worker");
      program.setOptionValue("exitCode", await runWorkerCommand());
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
