import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

// The committed client types must be what the committed openapi.json generates (which the
// OpenAPI suite keeps equal to the app). Refresh both with npm run openapi:update.
describe('The generated TypeScript client', () => {
  it('should match what npm run client:generate makes of the committed openapi.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soku-client-'));
    try {
      const fresh = path.join(dir, 'schema.ts');
      execFileSync('bash', ['scripts/client-generate.sh', fresh], { cwd: ROOT, stdio: 'pipe' });
      const committed = fs.readFileSync(path.join(ROOT, 'clients/typescript/schema.ts'), 'utf8');
      expect(committed).toBe(fs.readFileSync(fresh, 'utf8'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
