import { randomBytes } from 'node:crypto';
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
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: {
    selector?: Record<string, string> & { matchLabels?: Record<string, string> };
    ports?: { name: string }[];
    endpoints?: {
      port: string;
      path: string;
      authorization?: { type: string; credentials: { name: string; key: string } };
    }[];
    template?: {
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
      spec: { terminationGracePeriodSeconds?: number; containers: Container[] };
    };
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

/** Whether every label of the selector is among the labels. */
function selects(selector: Record<string, string>, labels: Record<string, string> = {}): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe('deploy/kubernetes', () => {
  const all = manifests();
  const deployment = (name: string) =>
    all.find((m) => m.kind === 'Deployment' && m.metadata.name === name)!;
  const secret = all.find((m) => m.kind === 'Secret')!;
  // What an operator applies: the example Secret with its placeholders replaced.
  const shared = {
    ...all.find((m) => m.kind === 'ConfigMap')!.data,
    ...secret.stringData,
    SOKU_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SOKU_METRICS_TOKEN: randomBytes(32).toString('hex'),
  };

  it("should refuse to boot on the example Secret's placeholder keys", () => {
    const asShipped = { ...all.find((m) => m.kind === 'ConfigMap')!.data, ...secret.stringData };
    expect(() => loadConfig(asShipped)).toThrow(/SOKU_ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => loadConfig(asShipped)).toThrow(/SOKU_METRICS_TOKEN: must be 16–256 printable/);
  });

  it("should scrape every pod through the ServiceMonitor with the Secret's metrics token", () => {
    const monitor = all.find((m) => m.kind === 'ServiceMonitor')!;
    const [endpoint] = monitor.spec!.endpoints!;
    expect(endpoint.path).toBe('/metrics');
    expect(endpoint.authorization).toEqual({
      type: 'Bearer',
      credentials: { name: secret.metadata.name, key: 'SOKU_METRICS_TOKEN' },
    });
    const services = all.filter(
      (m) =>
        m.kind === 'Service' && selects(monitor.spec!.selector!.matchLabels!, m.metadata.labels),
    );
    for (const name of ['soku-api', 'soku-worker']) {
      const pods = deployment(name).spec!.template!.metadata;
      // Annotation scraping sends no bearer token: /metrics would answer 401.
      expect(
        Object.keys(pods.annotations ?? {}).filter((key) => key.startsWith('prometheus.io/')),
      ).toEqual([]);
      const service = services.find((m) => selects(m.spec!.selector!, pods.labels));
      expect(service?.spec!.ports!.map((port) => port.name)).toContain(endpoint.port);
    }
  });

  it('should state in the README the grace periods the Deployments have', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const kubernetes = readme.slice(readme.indexOf('### Kubernetes'));
    for (const name of ['soku-api', 'soku-worker']) {
      const grace = deployment(name).spec!.template!.spec.terminationGracePeriodSeconds!;
      expect(kubernetes).toContain(`${grace} s on \`${name}\``);
    }
  });

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
  const compose = parse(
    fs.readFileSync(path.resolve(__dirname, '../../docker-compose.yml'), 'utf8'),
    { merge: true },
  ) as {
    services: Record<
      string,
      { image: string; build?: string; environment: Record<string, string> }
    >;
  };

  it('should pin every image it pulls to a release tag', () => {
    const pulled = Object.values(compose.services).filter((service) => !service.build);
    const images = pulled
      .map((service) => service.image)
      .filter((image) => !image.startsWith('soku:'));
    expect(images.filter((image) => !/:(?!latest$)[\w.-]+$/.test(image))).toEqual([]);
    expect(images.filter((image) => image.startsWith('minio/'))).toEqual([
      expect.stringMatching(/^minio\/minio:RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/),
      expect.stringMatching(/^minio\/mc:RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/),
    ]);
  });

  it('should give api and worker a configuration Soku accepts', () => {
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
