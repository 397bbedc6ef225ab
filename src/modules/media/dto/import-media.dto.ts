import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUrl, MaxLength } from 'class-validator';

export class ImportMediaDto {
  @ApiProperty({
    description:
      'Public http(s) URL of an image, video or audio file. Google Drive share links are turned into direct downloads.',
    example: 'https://example.com/my-image.jpg',
    format: 'uri',
    maxLength: 4096,
  })
  @IsString()
  @MaxLength(4096)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'Invalid URL format' },
  )
  url: string;
}
