import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { generateSchema } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppError, ErrorCode, ValidationFailedError } from '../../common/errors';
import { flatten } from '../../common/validation/validation.pipe';
import { SokuConfig } from '../../config/soku-config';
import type { Scope } from '../../common/auth/route-auth';
import { type MediaRecord, MediaService } from '../media';
import { ASPECT_RATIOS, canvasFor, OPEN_GRAPH, type AspectRatio } from './render/canvas';
import { IMAGE_ENCODINGS, type ImageFormat } from './render/image-format';
import { RenderPool } from './render/render-pool';
import { renderMediaId } from './render-key';
import { BUILT_IN_TEMPLATES } from './templates';
import type { FetchedImages, TemplateDefinition } from './templates/template';
import { TemplateImageError, TemplateNotFoundError, TemplateRenderError } from './templates.errors';

export interface RenderRequest {
  templateSlug: string;
  config?: Record<string, unknown>;
  aspectRatio?: AspectRatio;
  format?: ImageFormat;
}

export interface RenderedImage {
  url: string;
  id: string;
}

export interface TemplateSummary {
  slug: string;
  description: string;
  configSchema: Record<string, unknown>;
  example: Record<string, unknown>;
}

/** Pictures satori decodes; SVG is refused because it could reference further URLs. */
const IMAGE_TYPES = ['image/png', 'image/jpeg'] as const;

/**
 * Template rules: the slug must exist, the config must pass its template's schema, remote
 * pictures go through the media module's SSRF-safe fetcher, and a render is stored once per
 * profile and request (slug + config with defaults + size) and served from storage after that.
 */
@Injectable()
export class TemplatesService implements OnModuleDestroy {
  private readonly templates = new Map(BUILT_IN_TEMPLATES.map((t) => [t.slug, t]));
  private readonly pool: RenderPool;
  /** Identical requests in flight in this process share one render. */
  private readonly inFlight = new Map<string, Promise<MediaRecord>>();

  constructor(
    private readonly media: MediaService,
    private readonly config: SokuConfig,
  ) {
    this.pool = new RenderPool(config.templates.renderThreads);
  }

  catalog(): TemplateSummary[] {
    return BUILT_IN_TEMPLATES.map((template) => ({
      slug: template.slug,
      description: template.description,
      configSchema: { ...generateSchema(template.config).schema, additionalProperties: false },
      example: { ...template.example },
    }));
  }

  sizes(): { aspectRatio: string; width: number; height: number }[] {
    return [
      { aspectRatio: 'default', ...OPEN_GRAPH },
      ...ASPECT_RATIOS.map((ratio) => ({ aspectRatio: ratio, ...canvasFor(ratio) })),
    ];
  }

  async render(scope: Scope, request: RenderRequest): Promise<RenderedImage> {
    const template = this.templates.get(request.templateSlug);
    if (!template) {
      throw new TemplateNotFoundError(request.templateSlug, [...this.templates.keys()]);
    }
    const config = await validConfig(template, request.config ?? {});
    const format = request.format ?? 'png';
    const id = renderMediaId(
      scope,
      template.slug,
      request.aspectRatio ?? 'default',
      config,
      format,
    );
    const media =
      (await this.media.findReady(scope, id)) ??
      (await this.renderOnce(id, () =>
        this.renderAndStore(scope, id, template, config, request.aspectRatio, format),
      ));
    return { url: this.media.publicUrl(media), id: media.id };
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  private renderOnce(id: string, work: () => Promise<MediaRecord>): Promise<MediaRecord> {
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = work().finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  private async renderAndStore(
    scope: Scope,
    id: string,
    template: TemplateDefinition,
    config: object,
    ratio: AspectRatio | undefined,
    format: ImageFormat,
  ): Promise<MediaRecord> {
    const canvas = canvasFor(ratio);
    const images = await this.fetchImages(template, config);
    let bytes: Buffer;
    try {
      bytes = await this.pool.render({
        markup: template.markup(config, canvas, images),
        ...canvas,
        format,
      });
    } catch {
      throw new TemplateRenderError(template.slug);
    }
    return this.media.storeGenerated(scope, id, bytes, { ...IMAGE_ENCODINGS[format], ...canvas });
  }

  /** Every image field that is set, fetched in parallel, as data URIs for satori. */
  private async fetchImages(
    template: TemplateDefinition,
    config: object,
  ): Promise<FetchedImages<object>> {
    const { imageMaxBytes, imageTimeoutMs } = this.config.templates;
    const entries = await Promise.all(
      template.imageFields.map(async (field) => {
        const url = (config as Record<string, unknown>)[field];
        if (typeof url !== 'string') {
          return undefined;
        }
        try {
          const image = await this.media.fetchImage(url, {
            maxBytes: imageMaxBytes,
            timeoutMs: imageTimeoutMs,
            types: IMAGE_TYPES,
          });
          return [
            field,
            `data:${image.mimeType};base64,${image.bytes.toString('base64')}`,
          ] as const;
        } catch (error) {
          if (error instanceof AppError && error.code === ErrorCode.UploadFailed) {
            throw new TemplateImageError(field, error.message);
          }
          throw error;
        }
      }),
    );
    return Object.fromEntries(entries.filter((entry) => entry !== undefined));
  }
}

/** The template's config class, defaults filled in; every problem reported as `body.config.*`. */
async function validConfig(
  template: TemplateDefinition,
  raw: Record<string, unknown>,
): Promise<object> {
  // null means "not set", so the default applies rather than failing a type check.
  const given = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null));
  const config: object = plainToInstance(template.config, given);
  const errors = await validate(config, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) {
    throw new ValidationFailedError(flatten(errors, 'body.config', given));
  }
  return config;
}
