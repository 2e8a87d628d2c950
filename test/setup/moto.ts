import type { TestProject } from 'vitest/node';
import { startMoto } from '../helpers/moto-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
    motoError: string;
  }
}

/**
 * Starts a real IAM endpoint on loopback (Python moto's server) for the live-fetch tests. A
 * missing moto_server is reported to those tests, which then fail: it is never a skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.MOTO_ENDPOINT;
  if (external) {
    project.provide('motoEndpoint', external);
    project.provide('motoError', '');
    return async () => undefined;
  }
  let moto: Awaited<ReturnType<typeof startMoto>> | undefined;
  try {
    moto = await startMoto(60_000);
    project.provide('motoEndpoint', moto.url);
    project.provide('motoError', '');
  } catch (error) {
    project.provide('motoEndpoint', '');
    project.provide('motoError', `cannot start moto_server: ${(error as Error).message}`);
  }
  return async () => {
    moto?.stop();
  };
}
