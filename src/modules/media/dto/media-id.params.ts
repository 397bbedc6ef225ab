import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class MediaIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  id: string;
}

export class UploadIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  mediaId: string;
}
