import { getNamedType, GraphQLError, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ApiServices } from '../context/api-services';
import { createRequestContext } from '../context/request-context';

/** Refuses `__schema` and `__type` (not `__typename`) with code `INTROSPECTION_DISABLED`. */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const type = getNamedType(context.getType());
    if (type && (type.name === '__Schema' || type.name === '__Type')) {
      context.reportError(
        new GraphQLError(`introspection is only for admins while GraphiQL is off; the query asked for '${node.name.value}'`, {
          nodes: node,
          extensions: { code: 'INTROSPECTION_DISABLED', http: { status: 400 } },
        }),
      );
    }
  },
});

/** Mentions `__schema` or `__type` (a field, not `__typename`): only then is the caller looked up. */
const INTROSPECTION = /__schema\b|__type\b/;

/**
 * Turns introspection off for every caller but admins (the admin role, a session without a device):
 * used when GraphiQL is off, so that devices and strangers cannot map the API. The caller is looked up
 * only for a query that mentions introspection.
 */
export function adminOnlyIntrospectionPlugin(services: ApiServices): Plugin {
  const admins = new WeakMap<Request, boolean>();
  return {
    async onParams({ params, request }) {
      if (typeof params.query !== 'string' || !INTROSPECTION.test(params.query)) return;
      const isAdmin = await createRequestContext(services, request.headers.get('authorization'))
        .admin()
        .then(
          () => true,
          () => false,
        );
      admins.set(request, isAdmin);
    },
    onValidate({ addValidationRule, context }) {
      if (admins.get(context.request) !== true) addValidationRule(noIntrospection);
    },
  };
}
