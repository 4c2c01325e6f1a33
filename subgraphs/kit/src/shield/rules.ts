import { type GraphQLSchema, isObjectType } from 'graphql';
import type { IRule, IRules } from 'graphql-shield';
import { allow, deny, rule, shield } from 'graphql-shield';
import type { StaffRole } from '../auth/roles';
import { hasRole, hasScope, isAuthenticated } from '../auth/viewer';
import { DomainError } from '../errors/domain-error';
import type { GraphContext } from '../federation/context';

export type { IRule, IRules } from 'graphql-shield';
export { allow, and, chain, deny, not, or, rule } from 'graphql-shield';

const unauthenticated = () => new DomainError('UNAUTHENTICATED');

/**
 * graphql-shield requires one instance per rule name (it caches results by name), so rules built
 * from parameters are made once per name and shared by every caller.
 */
const made = new Map<string, IRule>();
function once(name: string, make: (name: string) => IRule): IRule {
  let existing = made.get(name);
  if (!existing) {
    existing = make(name);
    made.set(name, existing);
  }
  return existing;
}

/** Any signed-in principal. */
export const authenticated = rule('authenticated', { cache: 'contextual' })(
  (_parent, _args, ctx: GraphContext) => isAuthenticated(ctx.viewer) || unauthenticated(),
);

/** A signed-in citizen. */
export const citizen = rule('citizen', { cache: 'contextual' })((_parent, _args, ctx: GraphContext) =>
  ctx.viewer.kind === 'anonymous' ? unauthenticated() : ctx.viewer.kind === 'citizen',
);

/** Staff holding at least one of the roles. */
export function staffWith(...roles: StaffRole[]): IRule {
  return once(`staff:${[...roles].sort().join(',')}`, (name) =>
    rule(name, { cache: 'contextual' })((_p, _a, ctx: GraphContext) =>
      ctx.viewer.kind === 'anonymous' ? unauthenticated() : hasRole(ctx.viewer, ...roles),
    ),
  );
}

/** Any staff member, whatever the role. */
export const staff = rule('staff', { cache: 'contextual' })((_p, _a, ctx: GraphContext) =>
  ctx.viewer.kind === 'anonymous' ? unauthenticated() : ctx.viewer.kind === 'staff',
);

/** A business system or Tessera service holding the scope. */
export function scoped(scope: string): IRule {
  return once(`scope:${scope}`, (name) =>
    rule(name, { cache: 'contextual' })((_p, _a, ctx: GraphContext) =>
      ctx.viewer.kind === 'anonymous' ? unauthenticated() : hasScope(ctx.viewer, scope),
    ),
  );
}

/** Another Tessera service (service-to-service calls). */
export function service(serviceName: string): IRule {
  return once(`service:${serviceName}`, (name) =>
    rule(name, { cache: 'contextual' })((_p, _a, ctx: GraphContext) =>
      ctx.viewer.kind === 'anonymous'
        ? unauthenticated()
        : ctx.viewer.kind === 'service' && ctx.viewer.subject === serviceName,
    ),
  );
}

/**
 * The citizen whom the parent object belongs to; `owner` reads the user id off the parent. Its
 * verdict depends on that id alone (and the request's viewer), so it is remembered per owner within
 * the request: hashing every parent whole for each of its fields cost more than the check.
 */
export function ownerOf<P>(name: string, owner: (parent: P) => string | null | undefined): IRule {
  return once(`owner:${name}`, (ruleName) =>
    rule(ruleName, { cache: (parent: P) => JSON.stringify(owner(parent) ?? null) })(
      (parent: P, _a, ctx: GraphContext) => {
        if (ctx.viewer.kind === 'anonymous') return unauthenticated();
        return ctx.viewer.kind === 'citizen' && owner(parent) === ctx.viewer.subject;
      },
    ),
  );
}

/**
 * Rules of several bounded contexts of one subgraph, merged type by type: field maps of the same
 * type (say `Query`) are combined, so one context's rules never drop another's.
 */
export function mergeRules(...sets: IRules[]): IRules {
  const merged: Record<string, unknown> = {};
  for (const set of sets) {
    for (const [type, value] of Object.entries(set as Record<string, unknown>)) {
      const previous = merged[type];
      const bothMaps = previous && !isRule(previous) && !isRule(value);
      merged[type] = bothMaps ? { ...(previous as object), ...(value as object) } : value;
    }
  }
  return merged as IRules;
}

/** Key fields of every entity a subgraph declares or extends: the gateway must always read them. */
export type EntityKeys = Record<string, readonly string[]>;

/**
 * The subgraph's permissions: deny by default; the federation plumbing (`_service`, `_entities`,
 * entity keys) allowed explicitly; every other field needs a rule. Rules sit on types and
 * fields, so data reached through `Query._entities` meets the same rules as through root fields.
 * A rule given for a whole type is spread over its fields, key fields excepted; in a field map,
 * `'*'` is the rule of every field the map does not name.
 */
export function permissions(rules: IRules, entityKeys: EntityKeys, schema: GraphQLSchema) {
  const merged: Record<string, Record<string, ShieldRule>> = {};
  for (const [type, value] of Object.entries(rules as Record<string, unknown>)) {
    if (isRule(value)) {
      const named = schema.getType(type);
      if (!isObjectType(named)) throw new Error(`permissions: ${type} is not an object type of this schema`);
      merged[type] = Object.fromEntries(Object.keys(named.getFields()).map((f) => [f, value]));
    } else {
      const { '*': rest, ...fields } = value as Record<string, ShieldRule>;
      const named = schema.getType(type);
      const others =
        rest && isObjectType(named) ? Object.fromEntries(Object.keys(named.getFields()).map((f) => [f, rest])) : {};
      merged[type] = { ...others, ...fields };
    }
  }
  merged.Query = { ...merged.Query, _service: allow, _entities: allow };
  merged._Service = { sdl: allow };
  for (const [type, keys] of Object.entries(entityKeys)) {
    merged[type] = { ...merged[type], ...Object.fromEntries(keys.map((k) => [k, allow])) };
  }
  return shield(merged as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    debug: false,
    fallbackError: () => new DomainError('FORBIDDEN'),
  });
}

type ShieldRule = IRule | typeof allow;

function isRule(value: unknown): value is ShieldRule {
  return typeof (value as { resolve?: unknown } | null)?.resolve === 'function';
}
