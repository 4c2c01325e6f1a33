import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import type { IMiddlewareTypeMap } from 'graphql-middleware';
import { DomainError } from '../errors/domain-error';

/** Characters of any text argument, unless a longer text is declared for it (`longTexts`). */
export const defaultMaxTextLength = 10_000;

/** Pagination arguments and input fields: how many rows (`first`, `limit`, …) and how many to skip. */
const pageSizeNames = new Set(['first', 'last', 'limit', 'pageSize', 'perPage', 'take']);
const pageOffsetNames = new Set(['offset', 'skip', 'page']);
export const maxPageSize = 1_000;
export const maxPageOffset = 1_000_000;

/** C0 controls and DEL, except tab, line feed and carriage return: PostgreSQL refuses NUL in text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacter = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

export interface InputLimits {
  /**
   * Texts allowed to be longer than `defaultMaxTextLength`, by schema coordinate:
   * `InputType.field` or `Type.field(argument:)`; a coordinate the schema lacks fails the build.
   */
  longTexts?: Record<string, number>;
}

type Check = (value: unknown, path: string) => void;

/**
 * A check of one input type's values, or undefined when nothing under the type needs checking.
 * `coordinate` and `name` are those of the argument or input field that holds the value.
 */
function checkOf(
  type: GraphQLInputType,
  coordinate: string,
  name: string,
  limits: InputLimits,
  seen: Set<string>,
): Check | undefined {
  if (isNonNullType(type)) return checkOf(type.ofType, coordinate, name, limits, seen);
  if (isListType(type)) {
    const item = checkOf(type.ofType, coordinate, name, limits, seen);
    return (
      item &&
      ((value, path) => {
        if (!Array.isArray(value)) return item(value, path);
        for (const [i, v] of value.entries()) item(v, `${path}[${i}]`);
      })
    );
  }
  if (isScalarType(type)) {
    if (type.name === 'String') {
      const max = limits.longTexts?.[coordinate] ?? defaultMaxTextLength;
      return (value, path) => {
        if (typeof value !== 'string') return;
        if (controlCharacter.test(value)) throw new DomainError('INPUT_CONTROL_CHARACTER', { argument: path });
        if (value.length > max) throw new DomainError('INPUT_TOO_LONG', { argument: path, max });
      };
    }
    if (type.name === 'Int' && (pageSizeNames.has(name) || pageOffsetNames.has(name))) {
      const max = pageSizeNames.has(name) ? maxPageSize : maxPageOffset;
      return (value, path) => {
        if (typeof value === 'number' && (value < 0 || value > max)) {
          throw new DomainError('INPUT_OUT_OF_RANGE', { argument: path, min: 0, max });
        }
      };
    }
    return undefined;
  }
  if (!isInputObjectType(type) || seen.has(type.name)) return undefined;
  const fields = Object.values(type.getFields())
    .map((field: GraphQLInputField) => ({
      name: field.name,
      check: checkOf(field.type, `${type.name}.${field.name}`, field.name, limits, new Set([...seen, type.name])),
    }))
    .filter((f): f is { name: string; check: Check } => f.check !== undefined);
  if (fields.length === 0) return undefined;
  return (value, path) => {
    if (value === null || typeof value !== 'object') return;
    for (const { name: field, check } of fields) check((value as Record<string, unknown>)[field], `${path}.${field}`);
  };
}

function argumentsCheck(type: string, field: GraphQLField<unknown, unknown>, limits: InputLimits): Check | undefined {
  const checks = (field.args as readonly GraphQLArgument[])
    .map((a) => ({
      name: a.name,
      check: checkOf(a.type, `${type}.${field.name}(${a.name}:)`, a.name, limits, new Set()),
    }))
    .filter((a): a is { name: string; check: Check } => a.check !== undefined);
  if (checks.length === 0) return undefined;
  return (args) => {
    for (const { name, check } of checks) check((args as Record<string, unknown>)[name], name);
  };
}

function coordinates(schema: GraphQLSchema): Set<string> {
  const found = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type)) for (const f of Object.keys(type.getFields())) found.add(`${type.name}.${f}`);
    if (isObjectType(type)) {
      for (const f of Object.values(type.getFields()))
        for (const a of f.args) found.add(`${type.name}.${f.name}(${a.name}:)`);
    }
  }
  return found;
}

/**
 * The edge of every subgraph (issue 11, item 6): each argument of each field, nested input fields
 * and list items included, is checked before the field's permission rule and resolver run. Texts
 * carry no control character (NUL above all) and are at most `defaultMaxTextLength` long unless
 * declared longer; pagination counts are within 0…max. Built from the schema, so fields added
 * later are guarded without anyone listing them.
 */
export function inputGuard(schema: GraphQLSchema, limits: InputLimits = {}): IMiddlewareTypeMap {
  const known = coordinates(schema);
  const unknown = Object.keys(limits.longTexts ?? {}).filter((c) => !known.has(c));
  if (unknown.length) throw new Error(`longTexts: ${unknown.join(', ')} not in the schema`);
  const middleware: IMiddlewareTypeMap = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const check = argumentsCheck(type.name, field, limits);
      if (!check) continue;
      middleware[type.name] = {
        ...(middleware[type.name] as object),
        [field.name]: (resolve: GraphQLFieldResolver<unknown, unknown>, parent, args, context, info) => {
          check(args, '');
          return resolve(parent, args, context, info);
        },
      };
    }
  }
  return middleware;
}

/**
 * `ID` accepts anything as an argument, so an id that is not a UUID reached SQL: arguments and
 * input fields are `UUID` (row ids) or `String` (codes, tokens), never `ID`.
 */
export function assertNoIdInputs(schema: GraphQLSchema): void {
  const offending: string[] = [];
  const isId = (type: GraphQLInputType): boolean =>
    isNonNullType(type) || isListType(type) ? isId(type.ofType) : isScalarType(type) && type.name === 'ID';
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) {
      for (const f of Object.values(type.getFields())) if (isId(f.type)) offending.push(`${type.name}.${f.name}`);
    }
    if (isObjectType(type)) {
      for (const f of Object.values(type.getFields())) {
        for (const a of f.args) if (isId(a.type)) offending.push(`${type.name}.${f.name}(${a.name}:)`);
      }
    }
  }
  if (offending.length) throw new Error(`ID as an input (use UUID or String): ${offending.join(', ')}`);
}
