/**
 * Runs once when the web server starts. A studio restarted while the demo was in use finds its
 * scripted endpoint pointing at a server that ended with the last web server: start a new one.
 */
export async function register(): Promise<void> {
  // eslint-disable-next-line no-restricted-properties -- Next's own runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ getDb }, { restoreScriptedEndpoint }] = await Promise.all([import("@/lib/db/client"), import("@/lib/demo/model-server")]);
  await restoreScriptedEndpoint(getDb()).catch((error: Error) => {
    console.error(`The scripted demo model server could not be started: ${error.message}`);
  });
}
