import { registerEnumType } from 'type-graphql';

/** A GraphQL enum over a domain's string values: `certificate_lifecycle` is `CERTIFICATE_LIFECYCLE`. */
export function graphqlEnum<V extends string>(values: readonly V[], name: string, description: string) {
  const members = Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<Uppercase<V>, V>;
  registerEnumType(members, { name, description });
  return members;
}
