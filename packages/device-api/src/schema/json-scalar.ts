import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';

/** The `JSON` scalar: any JSON value, passed through as is (records, schemas, filters, operations). */
export const jsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables ?? undefined),
});
