import type { FieldProblem } from '../errors';

/** Where @nestjs/swagger keeps each @ApiProperty's options, per class and property. */
const API_PROPERTY = 'swagger/apiModelProperties';

interface ApiPropertyOptions {
  type?: unknown;
  nullable?: boolean;
  items?: { type?: unknown };
}

type Dto = abstract new (...args: never[]) => object;

function optionsOf(dto: Dto, key: string): ApiPropertyOptions | undefined {
  return Reflect.getMetadata(API_PROPERTY, dto.prototype as object, key) as
    ApiPropertyOptions | undefined;
}

/** The DTO class a property holds (`type: X`, `type: () => X`, `[X]`), if it is one. */
function nestedDto(options: ApiPropertyOptions): Dto | undefined {
  for (let candidate of [options.type, options.items?.type]) {
    if (typeof candidate === 'function' && !('prototype' in candidate && candidate.prototype)) {
      candidate = (candidate as () => unknown)();
    }
    if (
      typeof candidate === 'function' &&
      Reflect.getMetadataKeys((candidate as Dto).prototype as object).length > 0
    ) {
      return candidate as Dto;
    }
  }
  return undefined;
}

/**
 * class-validator's @IsOptional lets `null` through as well as an absent field, but the
 * OpenAPI document (the contract) says which fields may be null. A null anywhere else is refused,
 * at every level of nested DTOs.
 */
export function undocumentedNulls(value: unknown, dto: Dto, path: string): FieldProblem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [];
  }
  const problems: FieldProblem[] = [];
  for (const [key, child] of Object.entries(value)) {
    const options = optionsOf(dto, key);
    if (!options) {
      continue;
    }
    const field = `${path}.${key}`;
    if (child === null && options.nullable !== true) {
      problems.push({ field, message: 'Expected a value, received null', code: 'invalid_type' });
      continue;
    }
    const nested = nestedDto(options);
    if (nested) {
      const items = Array.isArray(child) ? child : [child];
      items.forEach((item, index) =>
        problems.push(
          ...undocumentedNulls(item, nested, Array.isArray(child) ? `${field}.${index}` : field),
        ),
      );
    }
  }
  return problems;
}
