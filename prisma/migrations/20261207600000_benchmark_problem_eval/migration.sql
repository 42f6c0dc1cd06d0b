-- A project's own benchmark files as evaluation suites (issue 19): the prompt a model completes, the
-- tests run after its code, and the function's name, when the file gives them.
ALTER TABLE "benchmark_problems" ADD COLUMN "prompt" TEXT;
ALTER TABLE "benchmark_problems" ADD COLUMN "tests" TEXT;
ALTER TABLE "benchmark_problems" ADD COLUMN "entry_point" TEXT;
