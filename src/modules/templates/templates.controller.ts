import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { Idempotent } from '../idempotency';
import { RateLimited } from '../rate-limits';
import { RenderedImageDto, RenderTemplateDto } from './dto/render-template.dto';
import { TemplateCatalogDto } from './dto/template-catalog.dto';
import { BUILT_IN_TEMPLATES } from './templates';
import { TemplatesService } from './templates.service';

const RENDER_DESCRIPTION =
  'Renders a built-in template to a PNG (satori + resvg), stores it as your media (in the request profile) and returns its public URL. Unknown `templateSlug` is 404 with the valid slugs; a bad `config` is 400 `validation_error` with `body.config.*` paths, including an avatar or background URL that cannot be fetched. The same request (template, config with defaults, aspect ratio) returns the stored image without rendering again.';

const RENDER_EXAMPLES = {
  tweetImage: {
    summary: 'A tweet card, square',
    value: {
      templateSlug: 'tweetImage',
      config: { title: 'My Tweet', author: '@username', content: 'Tweet text here' },
      aspectRatio: '1:1',
    },
  },
  videoThumbnail: {
    summary: 'A video thumbnail',
    value: {
      templateSlug: 'videoThumbnail',
      config: { title: 'New Video!', subtitle: 'Welcome to my podcast. Today we are...' },
    },
  },
};

@ApiTags('templates')
@ApiKeyAuth()
@ApiExtraModels(...BUILT_IN_TEMPLATES.map((t) => t.config))
@Controller()
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get('v1/templates')
  @ApiOperation({
    summary: 'List templates',
    description:
      'Every built-in template with the JSON Schema of its `config` and an example, and the output sizes.',
  })
  @ApiOkResponse({ type: TemplateCatalogDto })
  list(): TemplateCatalogDto {
    return { templates: this.templates.catalog(), sizes: this.templates.sizes() };
  }

  @Post('v1/templates')
  @HttpCode(200)
  @RateLimited('templates.render')
  @Idempotent()
  @ApiOperation({ summary: 'Render a template', description: RENDER_DESCRIPTION })
  @ApiBody({ type: RenderTemplateDto, examples: RENDER_EXAMPLES })
  @ApiOkResponse({ type: RenderedImageDto })
  @ApiErrorResponses(400, 404, 503)
  render(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: RenderTemplateDto,
  ): Promise<RenderedImageDto> {
    return this.templates.render(user, body);
  }

  @Post('v1/media/render-og')
  @HttpCode(200)
  @RateLimited('media.renderOg')
  @Idempotent()
  @ApiOperation({
    summary: 'Render a template (alias of POST /v1/templates)',
    description: RENDER_DESCRIPTION,
  })
  @ApiBody({ type: RenderTemplateDto, examples: RENDER_EXAMPLES })
  @ApiOkResponse({ type: RenderedImageDto })
  @ApiErrorResponses(400, 404, 503)
  renderOg(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: RenderTemplateDto,
  ): Promise<RenderedImageDto> {
    return this.templates.render(user, body);
  }
}
