import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

export class CreateUploadDto {
  @ApiProperty({
    description: "The file's name on the client.",
    example: 'clip.mp4',
    maxLength: 255,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  filename: string;

  @ApiProperty({
    description:
      'Type of the file: `image/*`, `video/*` or `audio/*`. The PUT must send it as Content-Type; the stored type is sniffed from the bytes.',
    example: 'video/mp4',
  })
  @IsString()
  @Matches(/^(image|video|audio)\/[\w.+-]+$/, {
    message: 'must be an image/*, video/* or audio/* MIME type',
  })
  mimeType: string;

  @ApiProperty({ description: 'Exact size in bytes.', example: 10485760, minimum: 1 })
  @IsInt()
  @Min(1)
  size: number;
}

export class UploadTicketDto {
  @ApiProperty({ format: 'uuid', description: 'Complete the upload with this id.' })
  mediaId: string;

  @ApiProperty({
    description: 'PUT the bytes here, with the headers below; no API key (the URL is signed).',
  })
  uploadUrl: string;

  @ApiProperty({ enum: ['PUT'] })
  method: 'PUT';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'Content-Type': 'video/mp4' },
  })
  headers: Record<string, string>;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}
