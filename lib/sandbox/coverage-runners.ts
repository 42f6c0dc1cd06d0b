/**
 * The small programs that measure line coverage inside the sandbox (lib/sandbox/coverage.ts). Each
 * writes its report to fd 6 (REPORT_FD) and leaves the program's own output, exit code and error
 * messages exactly as they are without it.
 */

/**
 * Python: runs the file as `python3 FILE` does (as __main__, its folder first on sys.path, its
 * tracebacks without this runner's frame), with a trace function on its own code only. Executable
 * lines are those the compiler gave instructions (after a function's RESUME, whose line never
 * reports): no blank, comment or docstring lines. A function whose lines have all run stops being
 * traced, so a hot loop pays only until it has been seen whole. Report: "1,2,5|1,2" (executable|ran).
 */
export const PYTHON_RUNNER = `import operator, os, sys, threading, types

# This runner's frame, exec() and the trace function take three levels of the stack: the code gets
# the depth it has without them (a recursion that just fits must not become a RecursionError).
EXTRA_DEPTH = 3
get_limit, set_limit = sys.getrecursionlimit, sys.setrecursionlimit
set_limit(get_limit() + EXTRA_DEPTH)
sys.getrecursionlimit = lambda: get_limit() - EXTRA_DEPTH
sys.setrecursionlimit = lambda limit: set_limit(operator.index(limit) + EXTRA_DEPTH)
path = sys.argv[1]
del sys.argv[0]
sys.path[0] = os.path.dirname(path)
ran = set()
left = {}
executable = set()


def report():
    sys.settrace(None)
    threading.settrace(None)
    text = "%s|%s" % (",".join(map(str, sorted(executable))), ",".join(map(str, sorted(ran & executable))))
    try:
        os.write(6, text.encode())
    except OSError:
        pass


def watch(code):
    lines = {line for start, _, line in code.co_lines() if line and start > 0}
    left[code] = lines
    executable.update(lines)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            watch(const)


def call(frame, event, arg):
    lines = left.get(frame.f_code)
    if not lines:
        return None

    def line(frame, event, arg):
        if event == "line":
            number = frame.f_lineno
            ran.add(number)
            lines.discard(number)
            if not lines:
                frame.f_trace = None
                return None
        return line

    return line


with open(path, "rb") as source:
    text = source.read()
try:
    code = compile(text, path, "exec")
except SyntaxError as error:
    error.__traceback__ = None
    sys.excepthook(type(error), error, None)
    sys.exit(1)
watch(code)
main = types.ModuleType("__main__")
main.__file__ = path
main.__builtins__ = __builtins__
sys.modules["__main__"] = main
threading.settrace(call)
sys.settrace(call)
try:
    exec(code, main.__dict__)
except SystemExit:
    report()
    raise
except BaseException as error:
    report()
    error.__traceback__ = error.__traceback__.tb_next
    sys.excepthook(type(error), error, error.__traceback__)
    sys.exit(1)
report()
`;

/**
 * JavaScript (and TypeScript's emitted JavaScript): preloaded with --require, it turns on V8's
 * precise block coverage through the in-process inspector (no port is opened) and, as the process
 * exits (normally, by process.exit or an uncaught error), reports main.js's ranges as V8 gives them.
 * Binary counts (callCount false) cost the least.
 */
export const NODE_RUNNER = `const { Session } = require("node:inspector");
const { writeSync } = require("node:fs");
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.startPreciseCoverage", { callCount: false, detailed: true });
process.on("exit", () => {
  session.post("Profiler.takePreciseCoverage", (error, coverage) => {
    const main = coverage && coverage.result.find((script) => script.url.endsWith("/main.js"));
    try {
      if (main) writeSync(6, JSON.stringify(main.functions));
    } catch {}
  });
});
`;

/**
 * C++: compiled beside the solution (its own translation unit, so its include changes nothing in
 * the program). A failed assert aborts, which skips the exit handler that writes gcov's counts:
 * this writes them first, then lets the signal end the program as it would have.
 */
export const CPP_ABORT_HANDLER = `#include <csignal>
extern "C" void __gcov_dump();
static void rosetta_dump(int signal) {
  __gcov_dump();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}
__attribute__((constructor)) static void rosetta_watch() { std::signal(SIGABRT, rosetta_dump); }
`;
