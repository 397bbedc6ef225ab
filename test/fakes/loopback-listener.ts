import * as net from 'node:net';

/** A TCP listener on loopback that only counts who connects to it: the SSRF trap. */
export interface LoopbackTrap {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

export async function startLoopbackTrap(host = '127.0.0.1'): Promise<LoopbackTrap> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
