import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from './soku-config';

const DIR = path.resolve(__dirname, '../../deploy/kubernetes');

interface Container {
  env?: { name: string; value: string }[];
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    template?: { spec: { terminationGracePeriodSeconds?: number; containers: Container[] } };
  };
}

function manifests(): Manifest[] {
  return fs
    .readdirSync(DIR)
    .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
    .flatMap((file) =>
      parseAllDocuments(fs.readFileSync(path.join(DIR, file), 'utf8')).map(
        (doc) => doc.toJS() as Manifest,
      ),
    );
}

/** Every variable .env.example documents: the ones Soku reads. */
function documentedVariables(): Set<string> {
  const text = fs.readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8');
  return new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
}

describe('deploy/kubernetes', () => {
  const all = manifests();
  const deployment = (name: string) =>
    all.find((m) => m.kind === 'Deployment' && m.metadata.name === name)!;
  const shared = {
    ...all.find((m) => m.kind === 'ConfigMap')!.data,
    ...all.find((m) => m.kind === 'Secret')!.stringData,
  };

  it.each([
    ['soku-api', 'api'],
    ['soku-worker', 'worker'],
  ])('%s runs role %s with liveness on /health and readiness on /health/ready', (name, role) => {
    const [container] = deployment(name).spec!.template!.spec.containers;
    expect(container.env).toContainEqual({ name: 'SOKU_ROLE', value: role });
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
  });

  it('should set only variables Soku reads, with values its config accepts, for both roles', () => {
    const known = documentedVariables();
    for (const name of ['soku-api', 'soku-worker']) {
      const env = {
        ...shared,
        ...Object.fromEntries(
          deployment(name).spec!.template!.spec.containers[0].env!.map((e) => [e.name, e.value]),
        ),
      };
      expect(Object.keys(env).filter((variable) => !known.has(variable))).toEqual([]);
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it('should give workers more grace than their drain plus the shutdown timeout', () => {
    const config = loadConfig(shared);
    const neededSeconds =
      (config.orchestration.drainTimeoutMs + config.app.shutdownTimeoutMs) / 1000;
    const grace = deployment('soku-worker').spec!.template!.spec.terminationGracePeriodSeconds!;
    expect(grace).toBeGreaterThan(neededSeconds);
    const apiGrace = deployment('soku-api').spec!.template!.spec.terminationGracePeriodSeconds!;
    expect(apiGrace).toBeGreaterThan(config.app.shutdownTimeoutMs / 1000);
  });
});

describe('docker-compose.yml', () => {
  it('should give api and worker a configuration Soku accepts', () => {
    const compose = parse(
      fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8'),
      { merge: true },
    ) as { services: Record<string, { environment: Record<string, string> }> };
    const known = documentedVariables();
    for (const service of ['api', 'worker']) {
      // Compose substitutes ${VAR:-default} with the default when VAR is unset.
      const env = Object.fromEntries(
        Object.entries(compose.services[service].environment).map(([key, value]) => [
          key,
          String(value).replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1'),
        ]),
      );
      expect(Object.keys(env).filter((variable) => !known.has(variable))).toEqual([]);
      expect(() => loadConfig(env)).not.toThrow();
    }
  });
});
