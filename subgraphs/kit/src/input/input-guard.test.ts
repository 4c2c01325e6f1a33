import { type GraphQLSchema, graphql } from 'graphql';
import { Arg, Directive, Field, ID, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { buildSubgraph } from '../federation/build-subgraph';
import { allow } from '../shield/rules';
import { defaultMaxTextLength, maxPageSize } from './input-guard';
import { UUID } from './uuid';

@ObjectType()
@Directive('@key(fields: "id")')
class Note {
  @Field(() => ID)
  id!: string;
}

@InputType()
class LineInput {
  @Field(() => String)
  name!: string;
}

@InputType()
class NoteInput {
  @Field(() => UUID)
  id!: string;

  @Field(() => String)
  text!: string;

  @Field(() => String, { nullable: true })
  attachment?: string;

  @Field(() => [LineInput])
  lines!: LineInput[];
}

@Resolver()
class NoteResolver {
  @Query(() => Int)
  notes(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('match', () => String) _match: string,
  ): number {
    return first;
  }

  @Query(() => String)
  note(@Arg('id', () => UUID) id: string): string {
    return id;
  }

  @Query(() => Boolean)
  saveNote(@Arg('input', () => NoteInput) _input: NoteInput): boolean {
    return true;
  }
}

let schema: GraphQLSchema;
const definition = {
  resolvers: [NoteResolver] as [typeof NoteResolver],
  orphanedTypes: [Note],
  references: { Note: (ref: Record<string, unknown>) => Object.assign(new Note(), { id: String(ref.id) }) },
  rules: { Query: { notes: allow, note: allow, saveNote: allow } },
  entityKeys: { Note: ['id'] },
};

beforeAll(async () => {
  ({ schema } = await buildSubgraph({ ...definition, inputLimits: { longTexts: { 'NoteInput.attachment': 50_000 } } }));
});

const note = {
  id: '6f1c9a5e-2b1d-4c8e-9a51-000000000001',
  text: '回执\n第二行\tok',
  attachment: 'a'.repeat(40_000),
  lines: [{ name: 'one' }, { name: 'two' }],
};

async function run(source: string, variableValues: Record<string, unknown>) {
  const result = await graphql({ schema, source, variableValues, contextValue: {} });
  return { data: result.data, errors: result.errors?.map((e) => ({ path: e.path, extensions: e.extensions })) };
}

const save = 'query($input: NoteInput!) { saveNote(input: $input) }';

describe('the input guard at the edge of every subgraph (issue 11, item 6)', () => {
  it('lets plausible input through: line breaks and tabs, a declared long text, a page within bounds', async () => {
    expect(await run(save, { input: note })).toEqual({ data: { saveNote: true }, errors: undefined });
    expect(
      (await run('query($first: Int!) { notes(first: $first, match: "x") }', { first: maxPageSize })).data,
    ).toEqual({
      notes: maxPageSize,
    });
  });

  it('refuses a NUL byte anywhere in the arguments, nested list items included, naming where', async () => {
    const input = { ...note, lines: [{ name: 'one' }, { name: 'tw\u0000o' }] };
    expect((await run(save, { input })).errors).toEqual([
      { path: ['saveNote'], extensions: { code: 'INPUT_CONTROL_CHARACTER', argument: 'input.lines[1].name' } },
    ]);
    expect((await run('{ notes(match: "a\\u0007b") }', {})).errors?.[0]?.extensions).toEqual({
      code: 'INPUT_CONTROL_CHARACTER',
      argument: 'match',
    });
  });

  it('refuses a text over the default length unless the field declares a longer one', async () => {
    const long = 'x'.repeat(defaultMaxTextLength + 1);
    expect((await run(save, { input: { ...note, text: long } })).errors?.[0]?.extensions).toEqual({
      code: 'INPUT_TOO_LONG',
      argument: 'input.text',
      max: defaultMaxTextLength,
    });
    expect((await run(save, { input: { ...note, attachment: 'a'.repeat(50_001) } })).errors?.[0]?.extensions).toEqual({
      code: 'INPUT_TOO_LONG',
      argument: 'input.attachment',
      max: 50_000,
    });
  });

  it.each([-1, maxPageSize + 1, 2_147_483_647])('refuses a page size of %i', async (first) => {
    expect(
      (await run('query($first: Int!) { notes(first: $first, match: "x") }', { first })).errors?.[0]?.extensions,
    ).toEqual({
      code: 'INPUT_OUT_OF_RANGE',
      argument: 'first',
      min: 0,
      max: maxPageSize,
    });
  });

  it('refuses an id that is not a UUID before any resolver runs', async () => {
    const { data, errors } = await run('query($id: UUID!) { note(id: $id) }', { id: "1' or 1=1" });
    expect(data).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((await run('query($id: UUID!) { note(id: $id) }', { id: note.id })).data).toEqual({ note: note.id });
  });

  it('refuses to build a schema with an ID argument or a long text the schema lacks', async () => {
    @Resolver()
    class LegacyResolver {
      @Query(() => String)
      legacy(@Arg('id', () => ID) id: string): string {
        return id;
      }
    }
    await expect(
      buildSubgraph({ ...definition, resolvers: [LegacyResolver], rules: { Query: { legacy: allow } } }),
    ).rejects.toThrow('ID as an input (use UUID or String): Query.legacy(id:)');
    await expect(
      buildSubgraph({ ...definition, inputLimits: { longTexts: { 'NoteInput.body': 50_000 } } }),
    ).rejects.toThrow('longTexts: NoteInput.body not in the schema');
  });
});
