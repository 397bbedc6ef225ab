import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import type { Request, Response } from 'express';
import { AppError } from '../../common/errors';
import { normalizePlatform } from '../../common/platforms';
import { SokuConfig } from '../../config/soku-config';
import { sendCallbackError, sendCallbackResult } from './callback-response';
import { PlatformParamDto } from './dto/integration-requests.dto';
import { OAuthConnectService } from './oauth-connect.service';

/**
 * Where the platform sends the browser back. Public: the single-use `state` identifies the user
 * and the profile the connect was started in, and the browser carries no API key.
 */
@ApiTags('integrations')
@Controller('v1/integrations')
export class OAuthCallbackController {
  constructor(
    private readonly connect: OAuthConnectService,
    private readonly config: SokuConfig,
  ) {}

  @Get(':platform/callback')
  @ApiOperation({
    summary: 'OAuth callback (the platform sends the browser here)',
    description:
      "Checks the single-use `state`, exchanges the code at the platform, reads the account(s) the login gives (a Meta login can give several Pages or Instagram accounts) and stores them in the profile the connect was started in (404 `profile_not_found` if it was deleted since: nothing is connected). An account already connected in another of the user's profiles answers 409 `account_in_another_profile`. Then redirects to `SOKU_INTEGRATIONS_REDIRECT_URL` with `status`, `platform` and `accounts` (or `error`, `message`) in the query; without it, shows a small page (HTML clients) or answers JSON.",
  })
  @ApiQuery({ name: 'state', required: true, type: String })
  @ApiQuery({ name: 'code', required: false, type: String })
  @ApiQuery({
    name: 'error',
    required: false,
    type: String,
    description: 'Set by the platform when the user declined.',
  })
  @ApiOkResponse({
    description: 'Connected: the result page, or `{connected, platform, accounts}`.',
  })
  @ApiResponse({
    status: 302,
    description: 'Redirect to SOKU_INTEGRATIONS_REDIRECT_URL with the outcome.',
  })
  @ApiErrorResponses(400, 404, 409, 503)
  async callback(
    @Param() params: PlatformParamDto,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const platform = normalizePlatform(params.platform)!;
    const redirectUrl = this.config.integrations.redirectUrl;
    const wantsHtml = req.accepts(['json', 'html']) === 'html';
    try {
      sendCallbackResult(res, redirectUrl, wantsHtml, await this.connect.complete(platform, query));
    } catch (error) {
      if (
        !(error instanceof AppError) ||
        !sendCallbackError(res, redirectUrl, wantsHtml, platform, error)
      ) {
        throw error;
      }
    }
  }
}
