import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { FieldsyncError } from '@fieldsync/model';
import { adminCustomizationEditorResolvers } from './admin/admin-customization-editor-resolvers';
import { adminCustomizationResolvers } from './admin/admin-customization-resolvers';
import { adminEventResolvers } from './admin/admin-event-resolvers';
import { adminFleetResolvers } from './admin/admin-fleet-resolvers';
import { adminSettingsResolvers } from './admin/admin-settings-resolvers';
import type { ApiServices } from './context/api-services';
import { createRequestContext, type RequestContext } from './context/request-context';
import { toGraphQLError } from './errors/to-graphql-error';
import { createFleetEvents } from './events/fleet-events';
import { deviceChannelResolvers } from './resolvers/device-channel-resolvers';
import { recordResolvers } from './resolvers/record-resolvers';
import { sessionResolvers } from './resolvers/session-resolvers';
import { syncPlanResolvers } from './resolvers/sync-plan-resolvers';
import { adminCustomizationEditorTypeDefs } from './schema/admin-customization-editor-type-defs';
import { adminTypeDefs } from './schema/admin-type-defs';
import { deviceTypeDefs } from './schema/device-type-defs';
import { jsonScalar } from './schema/json-scalar';
import { adminOnlyIntrospectionPlugin } from './plugins/admin-only-introspection-plugin';
import { jsonOnlyPostPlugin } from './plugins/json-only-post-plugin';
import { queryLimitPlugins, type DeviceApiLimits } from './plugins/query-limit-plugins';

/** Options of {@link createDeviceApi}. */
export interface DeviceApiOptions {
  readonly services: ApiServices;
  readonly limits?: DeviceApiLimits;
  /** Serve GraphiQL on GET /graphql; when off, only admins may introspect the schema. @default true */
  readonly graphiql?: boolean;
  /** Where the API answers. @default '/graphql' */
  readonly endpoint?: string;
}

function mergeResolvers(...parts: Record<string, Record<string, unknown>>[]): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) for (const [type, fields] of Object.entries(part)) merged[type] = { ...merged[type], ...fields };
  return merged;
}

/**
 * The bridge's GraphQL API (device and admin) as a graphql-yoga instance: a fetch-style handler, also
 * usable as a Node request listener. Failures the client can act on keep their code in
 * `extensions.code`; anything unexpected is logged and masked. POSTs must be JSON (415 otherwise),
 * queries past the limits are refused with a code, and without GraphiQL only admins may introspect.
 */
export function createDeviceApi(options: DeviceApiOptions): YogaServerInstance<Record<string, unknown>, RequestContext> {
  const services: ApiServices = options.services.events ? options.services : { ...options.services, events: createFleetEvents() };
  const graphiql = options.graphiql ?? true;
  return createYoga<Record<string, unknown>, RequestContext>({
    schema: createSchema<Record<string, unknown> & RequestContext>({
      typeDefs: [deviceTypeDefs, adminTypeDefs, adminCustomizationEditorTypeDefs],
      resolvers: {
        JSON: jsonScalar,
        ...mergeResolvers(
          sessionResolvers,
          recordResolvers,
          deviceChannelResolvers,
          syncPlanResolvers,
          adminFleetResolvers,
          adminCustomizationResolvers,
          adminCustomizationEditorResolvers,
          adminSettingsResolvers,
          adminEventResolvers,
        ),
      },
    }),
    graphqlEndpoint: options.endpoint ?? '/graphql',
    graphiql,
    landingPage: false,
    logging: false,
    // The HTTP server passes the peer address as server context: `api.fetch(url, init, { clientAddress })`.
    context: ({ request, clientAddress }) =>
      createRequestContext(services, request.headers.get('authorization'), typeof clientAddress === 'string' ? clientAddress : undefined),
    maskedErrors: {
      maskError(error, message, isDev) {
        let original = error instanceof GraphQLError ? error.originalError : error;
        if (original && FieldsyncError.is(original)) {
          const cause = (original as { cause?: unknown }).cause;
          if (cause !== undefined && !FieldsyncError.is(cause)) {
            // A wrapped failure (a TransientError around a driver error): keep the code, hide the cause.
            services.log.error(
              {
                event: 'graphql.wrappedError',
                code: original.code,
                err: cause instanceof Error ? { message: cause.message, stack: cause.stack } : String(cause),
              },
              'call failed',
            );
            original = new FieldsyncError(
              original.code,
              original.code === 'TRANSIENT' ? 'the CRM call failed for a passing reason; retry' : 'the call failed on the server',
              original.details,
            );
          }
          const converted = toGraphQLError(original) as GraphQLError;
          const located = error instanceof GraphQLError ? error : undefined;
          return new GraphQLError(converted.message, { ...(located ? { nodes: located.nodes, path: located.path } : {}), extensions: converted.extensions });
        }
        if (original !== undefined && original !== null) {
          services.log.error(
            { event: 'graphql.unexpectedError', err: original instanceof Error ? { message: original.message, stack: original.stack } : String(original) },
            'unexpected error',
          );
        }
        return maskError(error, message, isDev);
      },
    },
    plugins: [
      jsonOnlyPostPlugin(),
      ...queryLimitPlugins(options.limits),
      ...(graphiql ? [] : [adminOnlyIntrospectionPlugin(services)]),
      blockFieldSuggestionsPlugin(),
    ],
  });
}
