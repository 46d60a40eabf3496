// A TCP proxy in front of the private PostgreSQL, so a test can cut the connection where a
// network would: in the middle of a batch (after so many bytes from the client), or every
// connection at once. Bytes pass through untouched; a cut destroys both sides at once, as a
// reset does.

import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Bytes from clients to the server so far (all connections). */
  readonly sent: number;
  /** Cuts every open connection now. */
  cutAll(): void;
  /** Cuts the connection that carries the next `bytes` bytes from a client, mid-stream; resolves when it did. */
  cutAfter(bytes: number): Promise<void>;
  /** New connections are refused (accepted, then reset) until open() again. */
  refuse(): void;
  open(): void;
  close(): Promise<void>;
}

export function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let sent = 0;
  let refusing = false;
  let pendingCut: { left: number; done: () => void } | null = null;

  const server: Server = createServer((client) => {
    if (refusing) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (data: Buffer) => {
      sent += data.length;
      if (pendingCut !== null) {
        pendingCut.left -= data.length;
        if (pendingCut.left <= 0) {
          // Half of this chunk reaches the server, the rest never does.
          upstream.write(data.subarray(0, Math.floor(data.length / 2)));
          const done = pendingCut.done;
          pendingCut = null;
          client.resetAndDestroy();
          upstream.destroy();
          done();
          return;
        }
      }
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => client.write(data));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const cutAll = () => {
        for (const [client, upstream] of pairs) {
          client.resetAndDestroy();
          upstream.destroy();
        }
        pairs.clear();
      };
      resolve({
        port,
        get sent() {
          return sent;
        },
        cutAll,
        cutAfter(bytes) {
          return new Promise<void>((done) => (pendingCut = { left: bytes, done }));
        },
        refuse() {
          refusing = true;
        },
        open() {
          refusing = false;
        },
        close() {
          cutAll();
          return new Promise<void>((r) => server.close(() => r()));
        },
      });
    });
  });
}
