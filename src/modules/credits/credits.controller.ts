import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { CreditsService } from './credits.service';
import { CreditsDto, CreditsQuery, DEFAULT_RECENT } from './dto/credits.dto';

@ApiTags('credits')
@ApiKeyAuth({ subscription: false })
@Controller('v1/credits')
export class CreditsController {
  constructor(private readonly credits: CreditsService) {}

  @Get()
  @ApiOperation({
    summary: 'Your AI credit balance and latest ledger entries',
    description:
      'Every change is a ledger entry: `grant` (added by an operator), `debit` (a transcription, reserved before the model runs) and `refund` (a failed transcription, or a reservation above the final cost).',
  })
  @ApiOkResponse({ type: CreditsDto })
  @ApiErrorResponses(400)
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: CreditsQuery,
  ): Promise<CreditsDto> {
    return CreditsDto.from(await this.credits.summary(user.userId, query.limit ?? DEFAULT_RECENT));
  }
}
