import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FuzzRequest } from './fuzz-requests';

export interface FuzzResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  json: unknown;
}

/** Sends raw requests over one keep-alive connection pool to a listening server. */
export class FuzzClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  sent = 0;

  constructor(private readonly server: http.Server) {}

  send(req: FuzzRequest): Promise<FuzzResponse> {
    const { port } = this.server.address() as AddressInfo;
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string | number> = { ...req.headers };
    if (body) {
      headers['content-length'] = body.length;
    }
    this.sent++;
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        { host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            if (/^application\/json/.test(res.headers['content-type'] ?? '')) {
              try {
                json = JSON.parse(text);
              } catch {
                json = undefined;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
