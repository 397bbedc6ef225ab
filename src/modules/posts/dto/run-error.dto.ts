import { ApiProperty } from '@nestjs/swagger';

export class RunErrorDto {
  @ApiProperty({ example: 'outcome_unknown' })
  code: string;

  @ApiProperty({
    example: 'The platform did not answer after the post was sent; check it before re-posting',
  })
  message: string;
}
