import 'reflect-metadata';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { UsersService } from '../src/modules/auth/users.service';
import { IntegrationsService } from '../src/modules/integrations/integrations.service';
import { autocannon, benchDatabase, startSoku } from './support';

async function main(): Promise<void> {
  const db = await benchDatabase();
  const api = await startSoku(db.url, { SOKU_ROLE: 'api', SOKU_RATE_LIMIT_ENABLED: 'false' });
  const users = api.app.get(UsersService);
  const user = await users.createLocal(`bench-${Date.now()}@example.test`, false);
  await users.setSubscription(user.id, 'active', new Date(Date.now() + 86_400_000));
  const { apiKey } = await api.app.get(ApiKeysService).create(user.id, 'bench');
  await api.app.get(IntegrationsService).createSandboxAccounts(user.id, ['x', 'threads']);
  const load = { connections: 50, seconds: 6, method: 'POST',
    body: JSON.stringify({ post: { content: { text: 'Benchmark post [<id>]', platform: ['x', 'threads'] } } }),
    headers: { 'content-type': 'application/json', 'soku-api-key': apiKey } };
  const r = await autocannon(`${api.url}/v1/posts`, load);
  console.log(r);
  await api.app.close();
  await db.stop();
}
void main();
