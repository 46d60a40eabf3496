// A port on 127.0.0.1 that nothing listens on: a store (or a database) that cannot be reached.

import { createServer } from 'node:net';

/** A port that was free a moment ago, and is closed again. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
