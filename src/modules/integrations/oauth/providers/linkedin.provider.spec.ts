import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthHttp } from '../oauth-http';
import type { OAuthContext } from '../oauth-provider';
import { linkedinProvider } from './linkedin.provider';

describe('linkedinProvider', () => {
  let server: Server;
  let base: string;
  const versions: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.pathname === '/v2/userinfo') {
        res.end(JSON.stringify({ sub: 'li-sub-1', name: 'Dev' }));
        return;
      }
      versions.push(req.headers['linkedin-version'] as string | undefined);
      res.end(JSON.stringify({ elements: [{ organization: 'urn:li:organization:7' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('should list administered organizations at the configured LinkedIn-Version', async () => {
    const ctx: OAuthContext = {
      http: new OAuthHttp(5_000),
      bases: { auth: base, token: base, api: base },
      clientId: 'cid',
      clientSecret: 'secret',
      redirectUri: 'http://localhost:3000/v1/integrations/linkedin/callback',
      graphVersion: 'v23.0',
      threadsVersion: 'v1.0',
      linkedinVersion: '202612',
    };
    const accounts = await linkedinProvider.readAccounts(ctx, {
      accessToken: 'token',
      scopes: ['w_member_social', 'w_organization_social', 'r_organization_admin'],
      extras: {},
    });
    expect(versions).toEqual(['202612']);
    expect(accounts.map((a) => a.platformAccountId)).toEqual(['li-sub-1', 'urn:li:organization:7']);
  });
});
