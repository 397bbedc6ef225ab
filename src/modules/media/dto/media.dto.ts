import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MediaEntity } from '../entities/media.entity';
import type { MediaStorage } from '../storage/storage.port';

export class MediaDto {
  @ApiProperty({ format: 'uuid', example: '3f2b8c1e-9a4d-4c55-8e0f-2b6f1d7a9c10' })
  id: string;

  @ApiProperty({
    description: 'Stable public URL (supports Range requests); use it in /v1/posts.',
    example: 'https://soku.example.com/media/3f2b8c1e-9a4d-4c55-8e0f-2b6f1d7a9c10.jpg',
  })
  url: string;

  @ApiProperty({ description: 'Detected from the bytes, not the name.', example: 'image/jpeg' })
  mimeType: string;

  @ApiProperty({ description: 'Bytes.', example: 245760 })
  size: number;

  @ApiProperty({
    description: 'SHA-256 of the content, hex.',
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  sha256: string;

  @ApiPropertyOptional({ description: 'Pixels (images and videos).', example: 1080 })
  width?: number;

  @ApiPropertyOptional({ description: 'Pixels (images and videos).', example: 1350 })
  height?: number;

  @ApiPropertyOptional({
    description: 'Audio and video, where the container says it.',
    example: 12.5,
  })
  durationSeconds?: number;

  @ApiProperty({ format: 'date-time', example: '2025-09-01T12:00:00.000Z' })
  createdAt: string;

  static from(media: MediaEntity, storage: MediaStorage): MediaDto {
    return {
      id: media.id,
      url: storage.publicUrl(media.storageKey),
      mimeType: media.mimeType,
      size: media.size,
      sha256: media.sha256 ?? '',
      ...(media.width === null ? {} : { width: media.width }),
      ...(media.height === null ? {} : { height: media.height }),
      ...(media.durationSeconds === null ? {} : { durationSeconds: media.durationSeconds }),
      createdAt: media.createdAt.toISOString(),
    };
  }
}

export class MediaPageDto {
  @ApiProperty({ type: [MediaDto], description: 'Newest first.' })
  data: MediaDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
    example: 'MjAyNS0wOS0wMVQxMjowMDowMC4wMDBafDNmMmI4YzFl',
  })
  nextCursor: string | null;
}

export class DeletedMediaDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: true })
  deleted: true;
}
