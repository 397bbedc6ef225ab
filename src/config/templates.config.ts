import { availableParallelism } from 'node:os';
import { EnvInt } from './env-decorators';

export class TemplatesEnv {
  @EnvInt({ default: 0, min: 0, max: 64 })
  SOKU_TEMPLATES_RENDER_THREADS: number;

  @EnvInt({ default: 5 * 1024 * 1024, min: 1024, max: 50 * 1024 * 1024, unit: 'bytes' })
  SOKU_TEMPLATES_IMAGE_MAX_BYTES: number;

  @EnvInt({ default: 5_000, min: 100, max: 60_000, unit: 'milliseconds' })
  SOKU_TEMPLATES_IMAGE_TIMEOUT_MS: number;
}

/** Template rendering: the render thread pool and the limits on pictures a config links to. */
export interface TemplatesConfig {
  /** Render worker threads; the variable's 0 (the default) means one per CPU core. */
  renderThreads: number;
  /** Largest avatar or background image fetched for a render. */
  imageMaxBytes: number;
  /** Whole-download deadline for one of those images. */
  imageTimeoutMs: number;
}

export function toTemplatesConfig(env: TemplatesEnv): TemplatesConfig {
  return {
    renderThreads: env.SOKU_TEMPLATES_RENDER_THREADS || availableParallelism(),
    imageMaxBytes: env.SOKU_TEMPLATES_IMAGE_MAX_BYTES,
    imageTimeoutMs: env.SOKU_TEMPLATES_IMAGE_TIMEOUT_MS,
  };
}
