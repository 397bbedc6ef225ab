import { ListPageQuery } from '../../common/pagination/list-page.query';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import {
  CreateWebhookDto,
  ListDeliveriesQuery,
  UpdateWebhookDto,
} from './dto/webhook-requests.dto';
import {
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
  WebhookDto,
  WebhookListDto,
  WebhookWithSecretDto,
} from './dto/webhook-responses.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiKeyAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register an endpoint for signed lifecycle events',
    description:
      "Events are POSTed per the Standard Webhooks spec (`webhook-id`, `webhook-timestamp`, `webhook-signature`, HMAC-SHA256), retried on a backoff schedule of about a day. The secret is shown only in this response. The endpoint belongs to the request's profile and receives only that profile's events; each body is `{ id, type, profileId, createdAt, data }`, `profileId` naming the profile of the post, account or transcription the event is about.",
  })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiErrorResponses(400)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateWebhookDto,
  ): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'List your webhook endpoints, newest first' })
  @ApiOkResponse({ type: WebhookListDto })
  @ApiErrorResponses(400)
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListPageQuery,
  ): Promise<WebhookListDto> {
    return this.webhooks.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook endpoint (without its secret)' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiErrorResponses(404)
  get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<WebhookDto> {
    return this.webhooks.get(user, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, events or description; enable or disable it' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiErrorResponses(400, 404)
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return this.webhooks.update(user, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint and its delivery records' })
  @ApiNoContentResponse()
  @ApiErrorResponses(404)
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    return this.webhooks.remove(user, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret; the new one is shown only here' })
  @ApiOkResponse({ type: WebhookWithSecretDto })
  @ApiErrorResponses(404)
  rotateSecret(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
  ): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(user, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Delivery records of an endpoint, newest first' })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiErrorResponses(400, 404)
  deliveries(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: ListDeliveriesQuery,
  ): Promise<WebhookDeliveryListDto> {
    return this.webhooks.deliveries(user, id, query);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a finished delivery again (same event id, fresh attempts)',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrorResponses(404, 409)
  redeliver(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return this.webhooks.redeliver(user, id, deliveryId);
  }
}
