/**
 * How long a bounded wait held a run up, on a machine that may be loaded: the wall time of
 * `run` less that of `floor`, the same run with nothing to wait for. A process's start and the
 * gate's own work stretch with the load (seconds, on two busy cores); the bound under test does
 * not, and a wait that is not bounded still shows whole.
 */
export async function waited<T>(
  floor: () => Promise<unknown>,
  run: () => Promise<T>,
): Promise<{ result: T; waitedMs: number }> {
  let started = Date.now();
  await floor();
  const floorMs = Date.now() - started;
  started = Date.now();
  const result = await run();
  return { result, waitedMs: Date.now() - started - floorMs };
}
