import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/** A syntactically valid UUID no row has. */
export const unknownUuid = '00000000-0000-4000-8000-000000000000';

/** An argument or input field reached from a root field, as the path to it. */
type Path = (string | number)[];

/** A value the edge must refuse cleanly (a typed client error), never let through to SQL. */
interface BadValue {
  kind: string;
  value: unknown;
}

/** Longer than any text argument may be, and far from the 1 MB body limit. */
const overLong = 'x'.repeat(20_000);

function badValuesFor(scalar: string): BadValue[] {
  switch (scalar) {
    case 'ID':
    case 'UUID':
      return [
        { kind: 'not a UUID', value: 'not-a-uuid' },
        { kind: 'NUL byte', value: 'a\u0000b' },
      ];
    case 'String':
      return [
        { kind: 'NUL byte', value: 'a\u0000b' },
        { kind: 'over-long string', value: overLong },
      ];
    case 'Int':
      return [
        { kind: 'negative', value: -1 },
        { kind: 'huge', value: 2_147_483_647 },
      ];
    case 'Float':
      return [
        { kind: 'negative', value: -1 },
        { kind: 'huge', value: 1e308 },
      ];
    default:
      return [];
  }
}

function goodScalar(scalar: string): unknown {
  switch (scalar) {
    case 'ID':
    case 'UUID':
      return unknownUuid;
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return '2026-01-01T00:00:00.000Z';
    default:
      return 'abc';
  }
}

/** A plausible value of the type (every input field filled), or undefined past the nesting bound. */
function goodValue(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return goodValue(type.ofType, depth);
  if (isListType(type)) return [goodValue(type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isScalarType(type)) return goodScalar(type.name);
  if (depth > 4) return undefined;
  return Object.fromEntries(Object.values(type.getFields()).map((f) => [f.name, goodValue(f.type, depth + 1)]));
}

/** Every scalar leaf under a type with the bad values it can take, as paths from the type's value. */
function leaves(type: GraphQLInputType, path: Path, depth = 0): { path: Path; bad: BadValue }[] {
  if (isNonNullType(type)) return leaves(type.ofType, path, depth);
  if (isListType(type)) return leaves(type.ofType, [...path, 0], depth);
  if (isScalarType(type)) return badValuesFor(type.name).map((bad) => ({ path, bad }));
  if (!isInputObjectType(type) || depth > 4) return [];
  return Object.values(type.getFields()).flatMap((f) => leaves(f.type, [...path, f.name], depth + 1));
}

function setAt(target: Record<string | number, unknown>, path: Path, value: unknown): void {
  let node = target;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
}

export interface FieldCalls {
  /** `Query.ekeys` */
  field: string;
  query: string;
  /** Every leaf plausible: what the shield is asked with, to learn whether a caller may use the field. */
  plausible: Record<string, unknown>;
  bad: {
    /** `holderUserId` or `input.documents[0].name`, and what is wrong with it. */
    what: string;
    variables: Record<string, unknown>;
  }[];
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args as readonly GraphQLArgument[];
  const definitions = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const uses = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind}(${definitions}) { ${field.name}(${uses})${selection} }`;
}

/**
 * For every root Query and Mutation field with arguments: one call per scalar leaf of its
 * arguments (nested input fields and list items included) and per bad value of that scalar, every
 * other leaf plausible.
 */
export function badCalls(schema: GraphQLSchema): FieldCalls[] {
  const fields: FieldCalls[] = [];
  for (const [kind, root] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.name.startsWith('_') || field.args.length === 0) continue;
      const plausible = Object.fromEntries(field.args.map((a) => [a.name, goodValue(a.type)]));
      const bad = field.args.flatMap((argument) =>
        leaves(argument.type, [argument.name]).map((leaf) => {
          const variables = structuredClone(plausible);
          setAt(variables, leaf.path, leaf.bad.value);
          const where = leaf.path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
          return { what: `${where}: ${leaf.bad.kind}`, variables };
        }),
      );
      fields.push({ field: `${root?.name}.${field.name}`, query: operation(kind, field), plausible, bad });
    }
  }
  return fields;
}
