import { type GraphQLSchema, graphql } from 'graphql';
import { Arg, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { anonymous, type Viewer } from '../auth/viewer';
import { buildSubgraph } from '../federation/build-subgraph';
import type { GraphContext } from '../federation/context';
import { allow, mergeRules, ownerOf, staff, staffWith } from './rules';

@ObjectType()
@Directive('@key(fields: "id")')
class Widget {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  label?: string;

  @Field(() => String, { nullable: true })
  secret?: string;

  @Field(() => String, { nullable: true })
  ownerId?: string;
}

@ObjectType()
@Directive('@key(fields: "id")')
class Gadget {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  note?: string;
}

const widget = Object.assign(new Widget(), { id: 'w1', label: 'public', secret: 's3cret', ownerId: 'u1' });
const gadget = Object.assign(new Gadget(), { id: 'g1', note: 'staff only' });

@Resolver(() => Widget)
class WidgetResolver {
  @Query(() => Widget, { nullable: true })
  widget(): Widget {
    return widget;
  }

  @Query(() => String, { nullable: true })
  unguarded(): string {
    return 'should never be seen';
  }

  @Query(() => Gadget, { nullable: true })
  gadget(@Arg('id', () => String) _id: string): Gadget {
    return gadget;
  }
}

const viewers: Record<string, Viewer> = {
  anonymous,
  owner: { kind: 'citizen', subject: 'u1', roles: new Set(), scopes: new Set() },
  stranger: { kind: 'citizen', subject: 'u2', roles: new Set(), scopes: new Set() },
  clerk: { kind: 'staff', subject: 's1', roles: new Set(['REVIEW_CLERK']), scopes: new Set() },
  admin: { kind: 'staff', subject: 's2', roles: new Set(['ADMINISTRATOR']), scopes: new Set() },
};

let schema: GraphQLSchema;

beforeAll(async () => {
  ({ schema } = await buildSubgraph({
    resolvers: [WidgetResolver],
    references: {
      Widget: (ref) => (ref.id === widget.id ? widget : null),
      Gadget: (ref) => (ref.id === gadget.id ? gadget : null),
    },
    rules: {
      Query: { widget: allow, gadget: allow },
      Widget: { label: allow, ownerId: allow, secret: ownerOf<Widget>('test.Widget', (w) => w.ownerId) },
      Gadget: staffWith('ADMINISTRATOR'),
    },
    entityKeys: { Widget: ['id'], Gadget: ['id'] },
  }));
});

async function run(source: string, who: keyof typeof viewers, variables?: Record<string, unknown>) {
  const contextValue = { viewer: viewers[who] } as GraphContext;
  const result = await graphql({ schema, source, contextValue, variableValues: variables });
  return { data: result.data, codes: (result.errors ?? []).map((e) => e.extensions.code) };
}

describe('shield permissions (deny by default)', () => {
  it('denies a root field that has no rule', async () => {
    expect(await run('{ unguarded }', 'admin')).toEqual({ data: { unguarded: null }, codes: ['FORBIDDEN'] });
  });

  it('applies a field rule on the root path', async () => {
    expect((await run('{ widget { label secret } }', 'owner')).data).toEqual({
      widget: { label: 'public', secret: 's3cret' },
    });
    expect(await run('{ widget { label secret } }', 'stranger')).toEqual({
      data: { widget: { label: 'public', secret: null } },
      codes: ['FORBIDDEN'],
    });
    expect((await run('{ widget { secret } }', 'anonymous')).codes).toEqual(['UNAUTHENTICATED']);
  });

  it('applies the same field rule on the _entities path', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Widget { id secret } } }';
    const r = [{ __typename: 'Widget', id: 'w1' }];
    expect((await run(query, 'owner', { r })).data).toEqual({ _entities: [{ id: 'w1', secret: 's3cret' }] });
    expect(await run(query, 'stranger', { r })).toEqual({
      data: { _entities: [{ id: 'w1', secret: null }] },
      codes: ['FORBIDDEN'],
    });
  });

  it('spreads a type-wide rule over every field but keeps key fields readable', async () => {
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Gadget { id note } } }';
    const r = [{ __typename: 'Gadget', id: 'g1' }];
    expect(await run(query, 'clerk', { r })).toEqual({
      data: { _entities: [{ id: 'g1', note: null }] },
      codes: ['FORBIDDEN'],
    });
    expect((await run(query, 'admin', { r })).data).toEqual({ _entities: [{ id: 'g1', note: 'staff only' }] });
  });

  it('always allows the federation plumbing', async () => {
    const { data, codes } = await run('{ _service { sdl } }', 'anonymous');
    expect(codes).toEqual([]);
    expect((data as { _service: { sdl: string } })._service.sdl).toMatch(/type Widget\s+@key\(fields: "id"\)/);
  });

  it('any staff role passes `staff`, a citizen does not', async () => {
    expect(staff.name).toBe('staff');
    const schemaRules = await buildSubgraph({
      resolvers: [WidgetResolver],
      references: {},
      rules: { Query: { widget: staff }, Widget: allow },
      entityKeys: {},
    });
    const asClerk = await graphql({
      schema: schemaRules.schema,
      source: '{ widget { label } }',
      contextValue: { viewer: viewers.clerk },
    });
    expect(asClerk.data).toEqual({ widget: { label: 'public' } });
    const asCitizen = await graphql({
      schema: schemaRules.schema,
      source: '{ widget { label } }',
      contextValue: { viewer: viewers.owner },
    });
    expect(asCitizen.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('rule factories', () => {
  it('give one instance per name, as graphql-shield requires', () => {
    expect(staffWith('ADMINISTRATOR', 'AUDITOR')).toBe(staffWith('AUDITOR', 'ADMINISTRATOR'));
  });
});

describe('merging the rules of several contexts', () => {
  it('combines field maps of the same type and keeps type-wide rules', () => {
    const merged = mergeRules({ Query: { a: allow }, Thing: staff }, { Query: { b: staff } }) as Record<
      string,
      unknown
    >;
    expect(merged.Query).toEqual({ a: allow, b: staff });
    expect(merged.Thing).toBe(staff);
  });
});

describe("a field map's '*' rule", () => {
  it('covers the fields the map does not name, while named fields keep their own rule', async () => {
    const { schema: starred } = await buildSubgraph({
      resolvers: [WidgetResolver],
      references: {},
      rules: { Query: { widget: allow }, Widget: { '*': allow, secret: staffWith('ADMINISTRATOR') } },
      entityKeys: {},
    });
    const asCitizen = await graphql({
      schema: starred,
      source: '{ widget { label ownerId secret } }',
      contextValue: { viewer: viewers.owner },
    });
    expect(asCitizen.data).toEqual({ widget: { label: 'public', ownerId: 'u1', secret: null } });
    expect(asCitizen.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
  });
});

describe('the owner rule (issue 16)', () => {
  @Resolver(() => Widget)
  class WidgetsResolver {
    @Query(() => [Widget])
    widgets(): Widget[] {
      // What a parent carries besides its owner is not the rule's business (a WeakMap cannot even be hashed).
      return [
        Object.assign(new Widget(), { id: 'a', secret: 'of u1', ownerId: 'u1', memo: new WeakMap() }),
        Object.assign(new Widget(), { id: 'b', secret: 'of u2', ownerId: 'u2' }),
        Object.assign(new Widget(), { id: 'c', secret: 'also of u1', ownerId: 'u1' }),
        Object.assign(new Widget(), { id: 'd', secret: 'of nobody' }),
      ];
    }
  }

  it('judges each parent by its owner alone: parents of different owners in one request are never judged alike', async () => {
    const { schema: owned } = await buildSubgraph({
      resolvers: [WidgetsResolver],
      references: {},
      rules: {
        Query: { widgets: allow },
        Widget: { id: allow, ownerId: allow, secret: ownerOf<Widget>('test.WidgetOwner', (w) => w.ownerId) },
      },
      entityKeys: {},
    });
    const asOwner = await graphql({
      schema: owned,
      source: '{ widgets { id secret } }',
      contextValue: { viewer: viewers.owner },
    });
    expect(asOwner.data).toEqual({
      widgets: [
        { id: 'a', secret: 'of u1' },
        { id: 'b', secret: null },
        { id: 'c', secret: 'also of u1' },
        { id: 'd', secret: null },
      ],
    });
    expect(asOwner.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const asStranger = await graphql({
      schema: owned,
      source: '{ widgets { id secret } }',
      contextValue: { viewer: viewers.stranger },
    });
    // The stranger of the other tests is u2: the owner of b, of b alone.
    expect((asStranger.data as { widgets: { secret: string | null }[] }).widgets.map((w) => w.secret)).toEqual([
      null,
      'of u2',
      null,
      null,
    ]);
  });
});
