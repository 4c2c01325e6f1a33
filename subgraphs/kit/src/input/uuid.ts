import { GraphQLUUID } from 'graphql-scalars';

/**
 * The type of every id argument and id field of an input (the ids of rows, all UUIDs): a value
 * that is not a UUID is refused while the request's variables are read, before any resolver or
 * SQL sees it. Codes and tokens that are not UUIDs are `String`s; `ID` is never an input (see
 * `assertNoIdInputs`).
 */
export const UUID = GraphQLUUID;
