import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

/** `?limit&cursor` of every newest-first list (cursor: see cursor.ts). */
export class ListPageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'Expected an integer from 1 to 100' })
  @Min(1, { message: 'Expected an integer from 1 to 100' })
  @Max(100, { message: 'Expected an integer from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}
