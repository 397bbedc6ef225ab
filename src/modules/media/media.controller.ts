import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../auth';
import { Idempotent, IdempotencyScope } from '../idempotency';
import { RateLimited } from '../rate-limits';
import { CreateUploadDto, UploadTicketDto } from './dto/create-upload.dto';
import { ImportMediaDto } from './dto/import-media.dto';
import { ListMediaQuery } from './dto/list-media.query';
import { MediaIdParams, UploadIdParams } from './dto/media-id.params';
import { DeletedMediaDto, MediaDto, MediaPageDto } from './dto/media.dto';
import { MediaService } from './media.service';
import { MediaStorage } from './storage/storage.port';

@ApiTags('media')
@ApiKeyAuth()
@Controller('v1/media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly storage: MediaStorage,
    private readonly idempotency: IdempotencyScope,
  ) {}

  @Post()
  @RateLimited('media.create')
  @Idempotent()
  @ApiOperation({
    summary: 'Import remote media',
    description:
      "Downloads the URL (Google Drive share links included) into Soku storage and returns a stable public URL. The type is detected from the bytes; only images, videos and audio are accepted. The same content imported twice returns the same media. A URL Soku itself handed out is not downloaded: your own media URL returns that media, another user's (or another profile's) is 400 `upload_failed`. Any failure (unreachable or refused host, origin error, too large, unsupported type, timeout) is 400 `upload_failed` with the reason.",
  })
  @ApiBody({
    type: ImportMediaDto,
    examples: {
      image: { summary: 'An image', value: { url: 'https://example.com/my-image.jpg' } },
      video: { summary: 'A video', value: { url: 'https://example.com/video.mp4' } },
      audio: { summary: 'Audio to transcribe', value: { url: 'https://example.com/podcast.mp3' } },
    },
  })
  @ApiCreatedResponse({ type: MediaDto })
  @ApiErrorResponses(400, 503)
  async import(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ImportMediaDto,
  ): Promise<MediaDto> {
    return MediaDto.from(await this.media.importFromUrl(user, body.url), this.storage);
  }

  @Post('uploads')
  @RateLimited('media.createUpload')
  @Idempotent()
  @ApiOperation({
    summary: 'Start a direct upload',
    description:
      'Returns a signed URL that accepts one PUT of exactly `size` bytes with the given Content-Type until `expiresAt`; then call complete. A replay returns the same ticket, and only until its `expiresAt`: after that the same request starts a new upload.',
  })
  @ApiCreatedResponse({ type: UploadTicketDto })
  @ApiErrorResponses(400)
  async createUpload(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateUploadDto,
  ): Promise<UploadTicketDto> {
    const { media, target } = await this.media.createUpload(user, body);
    this.idempotency.replayUntil(media.uploadExpiresAt!);
    return {
      mediaId: media.id,
      uploadUrl: target.url,
      method: target.method,
      headers: target.headers,
      expiresAt: media.uploadExpiresAt!.toISOString(),
    };
  }

  @Post('uploads/:mediaId/complete')
  @ApiOperation({
    summary: 'Complete a direct upload',
    description:
      'Probes the uploaded bytes and records the media. If the same content is already stored for you, that media is returned instead.',
  })
  @ApiCreatedResponse({ type: MediaDto })
  @ApiErrorResponses(400, 404, 503)
  async completeUpload(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: UploadIdParams,
  ): Promise<MediaDto> {
    return MediaDto.from(await this.media.completeUpload(user, params.mediaId), this.storage);
  }

  @Get()
  @ApiOperation({ summary: 'List your media, newest first' })
  @ApiOkResponse({ type: MediaPageDto })
  @ApiErrorResponses(400)
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListMediaQuery,
  ): Promise<MediaPageDto> {
    return this.media.list(user, query, (media) => MediaDto.from(media, this.storage));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get one of your media' })
  @ApiOkResponse({ type: MediaDto })
  @ApiErrorResponses(400, 404)
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: MediaIdParams,
  ): Promise<MediaDto> {
    return MediaDto.from(await this.media.get(user, params.id), this.storage);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Delete one of your media',
    description: 'Refused with 409 `media_in_use` while a post that has not finished uses it.',
  })
  @ApiOkResponse({ type: DeletedMediaDto })
  @ApiErrorResponses(400, 404, 409)
  async delete(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: MediaIdParams,
  ): Promise<DeletedMediaDto> {
    await this.media.delete(user, params.id);
    return { id: params.id, deleted: true };
  }
}
