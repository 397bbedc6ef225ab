import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JSONWebKeySet } from 'jose';
import { NotFoundError } from '../../../common/errors';
import { IdTokenVerifier } from './id-token-verifier';
import { LocalIssuer } from './local-issuer';

@ApiTags('auth')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly verifier: IdTokenVerifier) {}

  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: "Public keys of Soku's local ID-token issuer (only when no external issuer is set).",
  })
  @ApiOkResponse({ description: 'A JWK Set.' })
  jwks(): Promise<JSONWebKeySet> {
    if (!(this.verifier instanceof LocalIssuer)) {
      throw new NotFoundError('This server uses an external ID-token issuer');
    }
    return this.verifier.jwks();
  }
}
