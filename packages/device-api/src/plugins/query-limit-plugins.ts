import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Limits on what one GraphQL request may ask. */
export interface DeviceApiLimits {
  /** Deepest selection allowed (introspection's `__schema` counted apart, see `maxIntrospectionDepth`). @default 12 */
  readonly maxDepth?: number;
  /**
   * Deepest selection allowed in a query that introspects the schema (`__schema`), counting fragment
   * spreads as a level as graphql-armor does. graphql-js's standard introspection query, which GraphiQL
   * sends, is 21 deep by that count. @default 24
   */
  readonly maxIntrospectionDepth?: number;
  /** Largest computed query cost (graphql-armor's cost model). @default 10000 (decision 189) */
  readonly maxCost?: number;
  /** Most aliases in one operation. @default 30 */
  readonly maxAliases?: number;
  /** Most tokens in one document. @default 5000 */
  readonly maxTokens?: number;
}

/** The stable codes a refused query carries in `extensions.code`. */
export type QueryLimitCode = 'QUERY_TOO_DEEP' | 'QUERY_TOO_COSTLY' | 'TOO_MANY_ALIASES' | 'TOO_MANY_TOKENS';

/** graphql-armor's message without its misleading "Syntax Error: " prefix, with a code and the limit. */
function coded(error: GraphQLError, code: QueryLimitCode, limit: number): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code, details: { limit } } });
}

/** Validation-rule limits: report the coded error through the validation context instead of graphql-armor's own. */
function reportAs(code: QueryLimitCode, limit: number) {
  return {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(coded(error, code, limit))],
  };
}

/**
 * graphql-armor's depth, cost, alias and token limits, each refusing a query before it runs with a
 * stable `extensions.code` ({@link QueryLimitCode}) and the limit in `extensions.details.limit`.
 * Depth applies to introspection too, with its own bound (`maxIntrospectionDepth`).
 */
export function queryLimitPlugins(limits: DeviceApiLimits = {}): Plugin[] {
  const maxDepth = limits.maxDepth ?? 12;
  const maxIntrospectionDepth = Math.max(maxDepth, limits.maxIntrospectionDepth ?? 24);
  const maxCost = limits.maxCost ?? 10_000;
  const maxAliases = limits.maxAliases ?? 30;
  const maxTokens = limits.maxTokens ?? 5000;
  return [
    // Outside `__schema`, the plain limit; the whole operation, `__schema` included, the introspection limit.
    maxDepthPlugin({ n: maxDepth, ignoreIntrospection: true, exposeLimits: true, ...reportAs('QUERY_TOO_DEEP', maxDepth) }),
    maxDepthPlugin({
      n: maxIntrospectionDepth,
      ignoreIntrospection: false,
      exposeLimits: true,
      propagateOnRejection: false,
      // A deep query without `__schema` is already refused by the plain limit: one error is enough.
      onReject: [
        (context, error) =>
          context?.getDocument().loc?.source.body.includes('__schema') && context.reportError(coded(error, 'QUERY_TOO_DEEP', maxIntrospectionDepth)),
      ],
    }),
    costLimitPlugin({ maxCost, exposeLimits: true, ...reportAs('QUERY_TOO_COSTLY', maxCost) }),
    maxAliasesPlugin({ n: maxAliases, exposeLimits: true, ...reportAs('TOO_MANY_ALIASES', maxAliases) }),
    // Tokens are counted while parsing, where there is no validation context: throw the coded error instead.
    maxTokensPlugin({
      n: maxTokens,
      exposeLimits: true,
      onReject: [
        (_context: unknown, error: GraphQLError) => {
          throw coded(error, 'TOO_MANY_TOKENS', maxTokens);
        },
      ],
    }),
  ];
}
