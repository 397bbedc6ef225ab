import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { PLATFORM_VALUES } from '../../../common/platforms';
import { ASPECT_RATIOS } from '../../templates';

const TARGETS = {
  description:
    'Where the derived post goes, exactly like `post.content.platform` of POST /v1/posts (a platform, `{platform, accountId?}`, or an array). Accounts the post chain already published this content to are skipped.',
  oneOf: [
    { type: 'string', enum: [...PLATFORM_VALUES] },
    { type: 'object' },
    { type: 'array', items: {} },
  ],
  example: ['linkedin'],
};

const TEXT = (placeholders: string) =>
  `The derived post's text; placeholders: ${placeholders}. Up to 5000 characters.`;

export class RepostActionDto {
  @ApiProperty({ enum: ['repost'] })
  type: 'repost';

  @ApiProperty(TARGETS)
  platform: unknown;

  @ApiPropertyOptional({
    description: `${TEXT('{{text}}, {{url}}, {{platform}}')} Default: {{text}}.`,
    example: '{{text}}\n\nFirst on {{platform}}: {{url}}',
  })
  textTemplate?: string;
}

export class TemplateRepurposeActionDto {
  @ApiProperty({ enum: ['repurpose'] })
  type: 'repurpose';

  @ApiProperty({ enum: ['template'] })
  transform: 'template';

  @ApiProperty(TARGETS)
  platform: unknown;

  @ApiProperty({ description: 'A template of GET /v1/templates.', example: 'quoteCard' })
  templateSlug: string;

  @ApiPropertyOptional({
    description:
      "The template's config; string values may use {{text}}, {{url}}, {{platform}}. Checked against the template's schema when the automation runs.",
    type: 'object',
    additionalProperties: true,
    example: { quote: '{{text}}', author: 'Soku' },
  })
  templateConfig?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: ASPECT_RATIOS, description: 'Default: 1200×630 Open Graph.' })
  aspectRatio?: string;

  @ApiPropertyOptional({
    description: `${TEXT('{{text}}, {{url}}, {{platform}}')} Default: {{text}}.`,
  })
  textTemplate?: string;
}

export class TranscriptionRepurposeActionDto {
  @ApiProperty({ enum: ['repurpose'] })
  type: 'repurpose';

  @ApiProperty({ enum: ['transcription'] })
  transform: 'transcription';

  @ApiProperty(TARGETS)
  platform: unknown;

  @ApiPropertyOptional({ example: 'en', description: 'ISO 639-1 code; auto-detected if omitted.' })
  language?: string;

  @ApiPropertyOptional({
    description: `${TEXT('{{transcript}}, {{text}}, {{url}}, {{platform}}')} Default: {{transcript}}.`,
  })
  textTemplate?: string;
}

export class WebhookActionDto {
  @ApiProperty({ enum: ['webhook'] })
  type: 'webhook';

  @ApiProperty({
    format: 'uuid',
    description:
      'One of your webhooks (POST /v1/webhooks): it receives the `post.run.succeeded` event, signed and retried like any delivery, whatever event types it subscribes to.',
  })
  webhookId: string;
}

export const ACTION_MODELS = [
  RepostActionDto,
  TemplateRepurposeActionDto,
  TranscriptionRepurposeActionDto,
  WebhookActionDto,
];

export const ACTION_SCHEMA = {
  description: 'What the automation does with each published post it matches.',
  oneOf: ACTION_MODELS.map((model) => ({ $ref: getSchemaPath(model) })),
};
