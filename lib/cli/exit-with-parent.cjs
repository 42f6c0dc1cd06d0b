// Preloaded (node --require) into the processes `rosetta studio` starts. The studio stops them
// itself on Ctrl-C or SIGTERM; this covers the case where the studio is killed outright (SIGKILL,
// OOM), so that no web server or worker is left behind. They get a SIGTERM and shut down cleanly.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, "SIGTERM");
}, 1000).unref();
