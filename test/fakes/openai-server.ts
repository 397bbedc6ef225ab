import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one `POST /v1/audio/transcriptions` carried, as the server parsed it. */
export interface TranscriptionCall {
  authorization?: string;
  userAgent?: string;
  contentType?: string;
  model?: string;
  language?: string;
  responseFormat?: string;
  filename?: string;
  fileType?: string;
  fileBytes: number;
}

export interface FakeReply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A loopback OpenAI-compatible audio API: parses the SDK's multipart upload for real (with the
 * platform's own FormData parser) and answers as OpenAI does, JSON bodies and error envelopes.
 * Tests set `respond` to decide each answer.
 */
export interface FakeOpenAi {
  /** The SDK's baseURL: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  calls: TranscriptionCall[];
  respond: (call: TranscriptionCall) => FakeReply;
  close(): Promise<void>;
}

export const FAKE_API_KEY = 'sk-test-fake-openai';

export function transcriptReply(text: string, seconds?: number): FakeReply {
  return {
    body: { text, ...(seconds === undefined ? {} : { usage: { type: 'duration', seconds } }) },
  };
}

export function errorReply(
  status: number,
  message: string,
  headers?: Record<string, string>,
): FakeReply {
  return {
    status,
    headers,
    body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
  };
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const fake: FakeOpenAi = {
    baseUrl: '',
    calls: [],
    respond: () => transcriptReply('Hello from the fake Whisper.'),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void answer(req, Buffer.concat(chunks)).then((reply) => {
        res.writeHead(reply.status ?? 200, {
          'content-type': 'application/json',
          ...reply.headers,
        });
        res.end(JSON.stringify(reply.body));
      });
    });
  });

  async function answer(req: http.IncomingMessage, body: Buffer): Promise<FakeReply> {
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
      return errorReply(404, `Unknown route ${req.method} ${req.url}`);
    }
    if (req.headers.authorization !== `Bearer ${FAKE_API_KEY}`) {
      return errorReply(401, 'Incorrect API key provided');
    }
    const contentType = req.headers['content-type'] ?? '';
    let form: FormData;
    try {
      form = await new Request('http://fake/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      }).formData();
    } catch {
      return errorReply(400, 'Could not parse multipart form');
    }
    const file = form.get('file');
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : undefined;
    };
    const call: TranscriptionCall = {
      authorization: req.headers.authorization,
      userAgent: req.headers['user-agent'],
      contentType,
      model: field('model'),
      language: field('language'),
      responseFormat: field('response_format'),
      filename: file instanceof File ? file.name : undefined,
      fileType: file instanceof File ? file.type : undefined,
      fileBytes: file instanceof File ? file.size : 0,
    };
    fake.calls.push(call);
    if (!(file instanceof File) || !call.model) {
      return errorReply(400, "Missing required parameter: 'file' or 'model'");
    }
    return fake.respond(call);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}
