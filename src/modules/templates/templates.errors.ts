import { AppError, ErrorCode, ValidationFailedError } from '../../common/errors';

export class TemplateNotFoundError extends AppError {
  constructor(slug: string, validSlugs: readonly string[]) {
    super(
      404,
      ErrorCode.NotFound,
      `Template "${slug}" not found. Valid templates: ${validSlugs.join(', ')}`,
      { templateSlug: slug, validSlugs },
    );
    this.name = 'TemplateNotFoundError';
  }
}

/** A picture the config links to could not be used: a problem with that field, so a 400. */
export class TemplateImageError extends ValidationFailedError {
  constructor(field: string, reason: string) {
    super(
      [
        {
          field: `body.config.${field}`,
          message: `Could not use the image: ${reason}`,
          code: 'invalid_image',
        },
      ],
      `Could not use the image in config.${field}`,
    );
    this.name = 'TemplateImageError';
  }
}

/** satori or resvg failed on validated input: Soku's fault, reported as a 500. */
export class TemplateRenderError extends AppError {
  constructor(slug: string) {
    super(500, ErrorCode.InternalError, `Rendering template "${slug}" failed`);
    this.name = 'TemplateRenderError';
  }
}
