import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../../common/filters/error-envelope';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { envelopeExample } from '../../common/openapi/error-examples';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { Idempotent, RequestKey } from '../idempotency';
import { RateLimited } from '../rate-limits';
import { TranscribeDto } from './dto/transcribe.dto';
import {
  TranscriptionJobDto,
  TranscriptionJobParams,
  TranscriptionResultDto,
} from './dto/transcription.dto';
import { TranscriptionService } from './transcription.service';

const envelope = { $ref: getSchemaPath(ErrorEnvelopeDto) };

@ApiTags('ai')
@ApiKeyAuth()
@Controller('v1/ai')
export class TranscriptionController {
  constructor(private readonly transcriptions: TranscriptionService) {}

  @Post('transcribe')
  @HttpCode(200)
  @RateLimited('ai.transcribe')
  @Idempotent()
  @ApiOperation({
    summary: 'Transcribe audio or video (OpenAI Whisper); costs AI credits',
    description:
      "Cost: 1 credit per started minute (at least 1), from the media's probed duration when Soku could read it, else from `durationSeconds`, else from the duration the transcription API reports. The credits are reserved before the model runs, adjusted to the final duration (never below a zero balance), and refunded in full if the transcription fails.",
  })
  @ApiOkResponse({ type: TranscriptionResultDto })
  @ApiErrorResponses(400)
  @ApiResponse({
    status: 400,
    description:
      '`validation_error`; `MEDIA_INVALID` (the media lacks what transcription needs); `UNSUPPORTED_MEDIA_TYPE` (not audio or video); `transcription_rejected` (the transcription API refused the request, with its message).',
    schema: envelope,
  })
  @ApiResponse({
    status: 402,
    description: '`insufficient_credits`; `details` has your `balance` and the `cost`.',
    schema: envelope,
    example: envelopeExample(
      402,
      'insufficient_credits',
      'This costs 3 credits but your balance is 1',
      { balance: 1, cost: 3 },
    ),
  })
  @ApiResponse({
    status: 404,
    description: '`MEDIA_NOT_FOUND`: no such media, or not yours.',
    schema: envelope,
    example: envelopeExample(404, 'MEDIA_NOT_FOUND', 'Media abc123def not found'),
  })
  @ApiResponse({
    status: 503,
    description:
      '`transcription_unavailable` (the transcription API is rate-limiting, failing or unreachable; see `Retry-After`; nothing was charged) or `transcription_not_configured`.',
    schema: envelope,
  })
  async transcribe(
    @CurrentUser() user: AuthenticatedUser,
    @RequestKey() requestKey: string,
    @Body() body: TranscribeDto,
  ): Promise<TranscriptionResultDto> {
    return TranscriptionResultDto.from(
      await this.transcriptions.transcribe(user, requestKey, body),
    );
  }

  @Get('transcriptions/:jobId')
  @ApiOperation({ summary: 'One of your transcription jobs' })
  @ApiOkResponse({ type: TranscriptionJobDto })
  @ApiErrorResponses(400, 404)
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: TranscriptionJobParams,
  ): Promise<TranscriptionJobDto> {
    return TranscriptionJobDto.from(await this.transcriptions.get(user, params.jobId));
  }
}
