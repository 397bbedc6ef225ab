import { ApiProperty } from '@nestjs/swagger';
import { DELETION_STATUSES } from '../../publishing';
import { RunErrorDto } from './run-error.dto';

/** `runs[].deletion`: where taking the run's post down from its platform stands. */
export class RunDeletionDto {
  @ApiProperty({
    enum: DELETION_STATUSES,
    description:
      'pending until the worker has asked the platform; unsupported where the platform has no delete endpoint.',
  })
  status: string;

  @ApiProperty({
    format: 'date-time',
    description: 'When it reached its status (for pending, when the deletion was asked for).',
  })
  at: string;

  @ApiProperty({ type: RunErrorDto, nullable: true, description: 'Why it failed or waits.' })
  error: RunErrorDto | null;
}
