import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { type FieldProblem, ValidationFailedError } from '../errors';
import { undocumentedNulls } from './documented-nulls';
import { unsafeInputProblems } from './unsafe-input';

const LOCATION: Record<ArgumentMetadata['type'], string> = {
  body: 'body',
  query: 'query',
  param: 'params',
  custom: 'body',
};

/** class-validator constraint names mapped onto the reference's zod-style codes. */
const CONSTRAINT_CODES: Record<string, string> = {
  whitelistValidation: 'unrecognized_keys',
  isUrl: 'invalid_string',
  isEmail: 'invalid_string',
  isUuid: 'invalid_string',
  isIso8601: 'invalid_string',
  isDateString: 'invalid_string',
  matches: 'invalid_string',
  isIn: 'invalid_enum_value',
  isEnum: 'invalid_enum_value',
  minLength: 'too_small',
  min: 'too_small',
  arrayMinSize: 'too_small',
  arrayNotEmpty: 'too_small',
  isNotEmpty: 'too_small',
  maxLength: 'too_big',
  max: 'too_big',
  arrayMaxSize: 'too_big',
};

/**
 * A DTO class with rules class-validator cannot express (union-typed fields, cross-field checks):
 * its static `validateRaw` sees the raw value, and its problems join the decorator ones, so the
 * client gets every problem at once.
 */
export interface SelfValidating {
  validateRaw(value: unknown, location: string): FieldProblem[];
}

/**
 * Validates DTOs with class-validator and reports every problem at once, each with the field's
 * full path (`body.post.content.platform`), a code and the value received.
 */
@Injectable()
export class AppValidationPipe implements PipeTransform {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    const location = LOCATION[metadata.type];
    // Bodies were checked as they were parsed (http-pipeline), before any interceptor.
    if (metadata.type === 'query' || metadata.type === 'param') {
      const unsafe = unsafeInputProblems(
        value,
        metadata.data ? `${location}.${metadata.data}` : location,
      );
      if (unsafe.length > 0) {
        throw new ValidationFailedError(unsafe);
      }
    }
    if (!metatype || isPrimitive(metatype)) {
      return value;
    }
    // A POST without a body is an empty object: every field of its DTO is then optional or missing.
    value ??= metadata.type === 'body' ? {} : value;
    if (
      metadata.type === 'body' &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    ) {
      throw new ValidationFailedError([
        {
          field: location,
          message: 'Expected a JSON object',
          code: 'invalid_type',
          received: value,
        },
      ]);
    }
    const instance = plainToInstance(metatype, value ?? {}) as object;
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
    });
    const problems = [
      ...flatten(errors, location, value),
      ...((metatype as Partial<SelfValidating>).validateRaw?.(value, location) ?? []),
    ];
    const reported = new Set(problems.map((problem) => problem.field));
    problems.push(
      ...undocumentedNulls(value, metatype, location).filter((p) => !reported.has(p.field)),
    );
    if (problems.length > 0) {
      throw new ValidationFailedError(problems);
    }
    return instance;
  }
}

function isPrimitive(metatype: ArgumentMetadata['metatype']): boolean {
  return ([String, Boolean, Number, Array, Object] as unknown[]).includes(metatype);
}

/**
 * The problems of class-validator's errors, each at its full path. `raw` is the input as the
 * client sent it, so `received` shows `"abc"` rather than the NaN a `@Type(() => Number)` made.
 */
export function flatten(errors: ValidationError[], prefix: string, raw?: unknown): FieldProblem[] {
  return errors.flatMap((error) => {
    // An element of an array of objects reads as `thread[2]`, the way clients index it.
    const field = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : `${prefix}.${error.property}`;
    const sent: unknown =
      isRecord(raw) && error.property in raw ? raw[error.property] : error.value;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      toProblem(field, constraint, message, sent),
    );
    return [...mostPrecise(field, own, error.value), ...flatten(error.children ?? [], field, sent)];
  });
}

/**
 * One "Required" beats a list of every constraint a missing value also fails, and a wrong type
 * beats the length or range checks it fails only because of its type.
 */
function mostPrecise(field: string, own: FieldProblem[], value: unknown): FieldProblem[] {
  if (value === undefined && own.length > 0) {
    return [requiredProblem(field)];
  }
  const typeErrors = own.filter((problem) => problem.code === 'invalid_type');
  return typeErrors.length > 0 ? typeErrors : own;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function requiredProblem(field: string): FieldProblem {
  return { field, message: 'Required', code: 'invalid_type' };
}

function toProblem(
  field: string,
  constraint: string,
  message: string,
  value: unknown,
): FieldProblem {
  const code =
    CONSTRAINT_CODES[constraint] ?? (constraint.startsWith('is') ? 'invalid_type' : 'custom');
  const problem: FieldProblem = {
    field,
    message: constraint === 'whitelistValidation' ? `Unrecognized field ${field}` : message,
    code,
  };
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    problem.received = value;
  }
  return problem;
}
