import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
    motoError: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${url} within ${timeoutMs} ms`);
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
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  try {
    child = spawn(
      process.env.MOTO_SERVER ?? 'moto_server',
      ['-H', '127.0.0.1', '-p', String(port)],
      {
        stdio: 'ignore',
      },
    );
    await new Promise<void>((resolve, reject) => {
      child?.once('error', reject);
      child?.once('spawn', resolve);
    });
    await waitUntilUp(url, child, 30_000);
    project.provide('motoEndpoint', url);
    project.provide('motoError', '');
  } catch (error) {
    project.provide('motoEndpoint', '');
    project.provide('motoError', `cannot start moto_server: ${(error as Error).message}`);
  }
  return async () => {
    child?.kill('SIGTERM');
  };
}
