import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../../config/app.config';
import { requestContext } from '../http/request-context';
import { redactApiKeys } from './redaction';

/**
 * Structured JSON logs; pretty lines in development. Every line written while serving a request
 * carries its request id, read from the async context. No line carries an API key, whichever
 * field or message it reached the log through.
 */
export function createLogger(
  app: Pick<AppConfig, 'logLevel' | 'nodeEnv'>,
  destination: 1 | 2 = 1,
): Logger {
  const options: pino.LoggerOptions = {
    level: app.logLevel,
    base: { service: 'soku' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const ctx = requestContext.getStore();
      return ctx ? { requestId: ctx.requestId, ...(ctx.userId ? { userId: ctx.userId } : {}) } : {};
    },
    formatters: { level: (label) => ({ level: label }) },
    hooks: { streamWrite: redactApiKeys },
  };
  // Pretty-printing in-process (no transport worker thread) keeps shutdown simple.
  return app.nodeEnv === 'development'
    ? pino(options, pretty({ translateTime: 'SYS:HH:MM:ss.l', sync: true, destination }))
    : pino(options, pino.destination({ fd: destination, sync: true }));
}

/**
 * Nest's start-up listings (a line per module and per route, about 120 in all): debug, so that
 * `npm start` shows the few lines a person reads. Their warnings and errors keep their level.
 */
const FRAMEWORK_LISTINGS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Nest's logger interface on top of pino, so framework messages land in the same stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write(context && FRAMEWORK_LISTINGS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const ctx = context ?? (stackOrContext?.includes('\n') ? undefined : stackOrContext);
    const stack = stackOrContext?.includes('\n') ? stackOrContext : undefined;
    this.write('error', message, ctx, stack);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string, stack?: string): void {
    const fields = { context, ...(stack ? { stack } : {}) };
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
