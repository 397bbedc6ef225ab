import { ApiProperty } from '@nestjs/swagger';
import {
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class TranscribeDto {
  @ApiProperty({
    example: '3f1c2a4e-8b7d-4c1a-9e2f-5a6b7c8d9e0f',
    description: 'ID of one of your media (from POST /v1/media); audio or video.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  mediaId: string;

  @ApiProperty({
    required: false,
    example: 'en',
    description: 'ISO 639-1 language code of the audio. Auto-detected if omitted.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z]{2}$/, { message: 'must be an ISO 639-1 code: two lowercase letters' })
  language?: string;

  @ApiProperty({
    required: false,
    example: 'whisper-1',
    default: 'whisper-1',
    description: 'Transcription model of the OpenAI (or compatible) API.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, {
    message: 'must be a model name: letters, digits and . _ : / -, at most 100 characters',
  })
  model?: string;

  @ApiProperty({
    required: false,
    example: 120,
    minimum: 1,
    maximum: 86400,
    description:
      "Duration in seconds, for the credit estimate. Used only when Soku could not read the media's own duration; it never lowers the cost below the real length.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  durationSeconds?: number;
}
