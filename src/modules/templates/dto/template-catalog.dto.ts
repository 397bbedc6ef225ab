import { ApiProperty } from '@nestjs/swagger';

export class TemplateSizeDto {
  @ApiProperty({ enum: ['default', '1:1', '4:5', '9:16'] })
  aspectRatio: string;

  @ApiProperty({ example: 1200 })
  width: number;

  @ApiProperty({ example: 630 })
  height: number;
}

export class TemplateSummaryDto {
  @ApiProperty({ example: 'tweetImage' })
  slug: string;

  @ApiProperty({
    example: 'A post card: avatar, author and handle, optional title, and the post text.',
  })
  description: string;

  @ApiProperty({
    description:
      'JSON Schema of `config` (draft 2020-12 subset, as in OpenAPI 3.1), with defaults.',
    type: 'object',
    additionalProperties: true,
  })
  configSchema: Record<string, unknown>;

  @ApiProperty({
    description: 'A valid `config`.',
    type: 'object',
    additionalProperties: true,
    example: { title: 'My Tweet', author: '@username', content: 'Tweet text here' },
  })
  example: Record<string, unknown>;
}

export class TemplateCatalogDto {
  @ApiProperty({ type: [TemplateSummaryDto] })
  templates: TemplateSummaryDto[];

  @ApiProperty({ type: [TemplateSizeDto], description: 'Output sizes by `aspectRatio`.' })
  sizes: TemplateSizeDto[];
}
