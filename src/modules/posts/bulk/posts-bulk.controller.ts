import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrorResponses } from '../../../common/openapi/api-error-responses.decorator';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../../auth';
import { Idempotent, RequestKey } from '../../idempotency';
import { RateLimited } from '../../rate-limits';
import { bulkRowCost } from './bulk-row-cost';
import { BulkPostRowDto, BulkResultDto, MAX_BULK_ROWS } from './bulk.dto';
import { PostsBulkService } from './posts-bulk.service';
import { PostSubmissionDto } from '../dto/post-response.dto';
import { EXPORT_COLUMNS } from './csv-columns';
import { ExportPostsQuery } from './export.query';
import { PostsExportService } from './posts-export.service';

const BULK = `Up to ${MAX_BULK_ROWS} posts in one request, created in the request's profile (targets resolve among its accounts): a JSON array of POST /v1/posts bodies (each with an optional \`rowKey\`), or \`text/csv\` with a header row naming its columns, in any order: \`text\`, \`platforms\`, \`accountIds\`, \`scheduledTime\`, \`imageUrls\`, \`videoUrl\`, \`firstComment\`, \`rowKey\` (the export's other columns are accepted and skipped; an unknown one is a 400). List cells separate their items with \`|\`; \`accountIds\` lines up with \`platforms\` (leave an entry empty for a platform's only account). UTF-8, an optional BOM, CRLF or LF, RFC 4180 quoting (commas, quotes and line breaks inside quotes). \`scheduledTime\` is ISO 8601 with a time zone; a spreadsheet's date (\`12/07/2026 10:00\`, \`45632.5\`) is refused with the expected format. Bodies up to 5 MB (413 \`payload_too_large\` beyond).

Each row is checked exactly as POST /v1/posts checks its body (same codes and messages), at its own path (\`rows[3].post.content.text\`; CSV errors also name the \`column\` and the 1-based \`line\`). The answer is **200** with one result per row, in order: \`{row, status: "created", postId}\` or \`{row, status: "invalid", error, errors}\`. An invalid row creates nothing and fails no other row; valid rows are created ${100} per transaction. Credits: none, as for POST /v1/posts. Rate limit: each row costs one token of this endpoint's own limit of 1000 rows per minute (two files of 500 at once, then 500 every 30 s); a request that would go past it is refused whole (429) and creates nothing.

**Idempotency per row.** A row is created once per key: its \`rowKey\`, else the request's Idempotency-Key (sent or derived from the body) and the row's index. A row whose key already created a post answers that post (\`replayed: true\`); the same key with another row is \`idempotency_conflict\` on that row.`;

const EXPORT = `The posts of the request's profile, newest first, streamed as they are read (any number of them) as an attachment. \`from\` and \`to\` bound the post's creation time (\`createdAt\`: from inclusive, to exclusive); \`status\` is the post's status. \`format=json\` (default \`csv\`) is an array of the GET /v1/posts/{id} body, each with its runs. The CSV (UTF-8 with a BOM, CRLF, RFC 4180 quoting) has one record per post, with the columns ${EXPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}: the per-run columns (\`platforms\`, \`accountIds\`, \`runStatuses\`, \`platformPostIds\`, \`urls\`, \`errorCodes\`) list one entry per run, in the same order, separated by \`|\`. The file imports again with POST /v1/posts/bulk (the result columns are skipped; a past \`scheduledTime\` must be changed or cleared first).`;

/** POST /v1/posts/bulk: declared before the `/:id` routes of PostsController so they never meet. */
@ApiTags('posts')
@ApiKeyAuth()
@ApiExtraModels(BulkPostRowDto, PostSubmissionDto)
@Controller('v1/posts')
export class PostsBulkController {
  constructor(
    private readonly bulk: PostsBulkService,
    private readonly exporter: PostsExportService,
  ) {}

  @Post('bulk')
  @HttpCode(200)
  @RateLimited('posts.bulk', bulkRowCost)
  @Idempotent()
  @ApiOperation({
    summary: 'Create up to 500 posts from a JSON array or a CSV file',
    description: BULK,
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'array',
          minItems: 1,
          maxItems: MAX_BULK_ROWS,
          items: { $ref: getSchemaPath(BulkPostRowDto) },
        },
        { type: 'string', description: 'text/csv: the header row, then one post per record.' },
      ],
    },
  })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiErrorResponses(400, 404, 413)
  create(
    @CurrentUser() user: AuthenticatedUser,
    @RequestKey() requestKey: string,
    @Body() body: unknown,
  ): Promise<BulkResultDto> {
    return this.bulk.create(user, requestKey, this.bulk.rowsOf(body));
  }

  @Get('export')
  @ApiOperation({
    summary: "Download your profile's posts and their per-platform results",
    description: EXPORT,
  })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({
    description: 'The CSV file, or (format=json) the posts.',
    content: {
      'text/csv': { schema: { type: 'string', description: 'The CSV file (format=csv).' } },
      'application/json': {
        schema: { type: 'array', items: { $ref: getSchemaPath(PostSubmissionDto) } },
      },
    },
  })
  @ApiErrorResponses(400, 404)
  export(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ExportPostsQuery,
    @Res() res: Response,
  ): Promise<void> {
    return this.exporter.stream(user, query, res);
  }
}
