import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthHttp } from '../oauth-http';
import type { OAuthContext } from '../oauth-provider';
import { authorizationUrl } from '../oauth2';
import { threadsProvider } from './threads.provider';

describe('threadsProvider', () => {
  let server: Server;
  let base: string;
  const paths: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(new URL(req.url ?? '/', 'http://x').pathname);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'th-1', username: 'dev', name: 'Dev' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('should read the account at the configured Threads API version', async () => {
    const ctx: OAuthContext = {
      http: new OAuthHttp(5_000),
      bases: { auth: base, token: base, api: base },
      clientId: 'cid',
      clientSecret: 'secret',
      redirectUri: 'http://localhost:3000/v1/integrations/threads/callback',
      graphVersion: 'v23.0',
      threadsVersion: 'v2.0',
      linkedinVersion: '202611',
    };
    const [account] = await threadsProvider.readAccounts(ctx, {
      accessToken: 'token',
      extras: {},
    });
    expect(paths).toEqual(['/v2.0/me']);
    expect(account).toMatchObject({ platformAccountId: 'th-1', handle: 'dev' });
  });

  it('should ask for the reply permissions that thread parts and first comments need', () => {
    const ctx = {
      bases: { auth: base, token: base, api: base },
      clientId: 'cid',
      redirectUri: 'http://localhost:3000/v1/integrations/threads/callback',
      graphVersion: 'v23.0',
    };
    const url = new URL(authorizationUrl(threadsProvider, ctx, 'st', null));
    expect(url.searchParams.get('scope')).toBe(
      'threads_basic,threads_content_publish,threads_manage_replies,threads_read_replies',
    );
  });
});
