import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListPageQuery } from '../../../common/pagination/list-page.query';

/** The common `?limit&cursor`, with the length bound (and wording) media's cursor always had. */
export class ListMediaQuery extends ListPageQuery {
  @ApiPropertyOptional({ description: '`nextCursor` from the previous page.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  declare cursor?: string;
}
