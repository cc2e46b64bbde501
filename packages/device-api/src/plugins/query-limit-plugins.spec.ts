import { getIntrospectionQuery } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { jsonOnlyPostPlugin } from './json-only-post-plugin';
import { queryLimitPlugins } from './query-limit-plugins';

const yoga = createYoga({
  schema: createSchema({ typeDefs: `type Query { node: Node } type Node { id: ID, child: Node }`, resolvers: { Query: { node: () => ({ id: '1' }) } } }),
  plugins: [jsonOnlyPostPlugin(), ...queryLimitPlugins({ maxDepth: 3, maxAliases: 2, maxTokens: 60 })],
  logging: false,
});

async function post(query: string, contentType = 'application/json') {
  const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

describe('queryLimitPlugins', () => {
  it.each([
    ['QUERY_TOO_DEEP', '{ node { child { child { id } } } }', 'Query depth limit of 3 exceeded, found 4.', 3],
    ['TOO_MANY_ALIASES', '{ a: node { id } b: node { id } c: node { id } }', 'Aliases limit of 2 exceeded, found 3.', 2],
    ['TOO_MANY_TOKENS', `{ ${'node { id } '.repeat(20)}}`, 'Token limit of 60 exceeded.', 60],
  ])('refuses a query past the limit with %s and the message without "Syntax Error"', async (code, query, message, limit) => {
    const { body } = await post(query);
    expect(body.errors).toEqual([{ message, extensions: { code, details: { limit } } }]);
    expect(body.data).toBeUndefined();
  });

  it('refuses a costly query with QUERY_TOO_COSTLY', async () => {
    const cheap = createYoga({
      schema: createSchema({ typeDefs: `type Query { node: Node } type Node { id: ID, child: Node }` }),
      plugins: queryLimitPlugins({ maxCost: 5 }),
      logging: false,
    });
    const answer = await cheap.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ node { id child { id } } }' }),
    });
    const body = (await answer.json()) as { errors: unknown[] };
    expect(body.errors).toEqual([
      { message: expect.stringMatching(/^Query Cost limit of 5 exceeded, found [\d.]+\.$/), extensions: { code: 'QUERY_TOO_COSTLY', details: { limit: 5 } } },
    ]);
  });

  it('bounds introspection by its own depth, at least the plain one, enough for the standard introspection query', async () => {
    const standard = createYoga({ schema: createSchema({ typeDefs: `type Query { a: Int }` }), plugins: queryLimitPlugins(), logging: false });
    const answer = await standard.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
    const { body } = await post(`{ __schema { types { ofType { ofType { name } } } } }`);
    expect(body.errors).toBeUndefined();
    const tight = createYoga({
      schema: createSchema({ typeDefs: `type Query { a: Int }` }),
      plugins: queryLimitPlugins({ maxDepth: 3, maxIntrospectionDepth: 4 }),
      logging: false,
    });
    const deep = await tight.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __schema { types { ofType { ofType { name } } } } }` }),
    });
    expect(((await deep.json()) as { errors: unknown[] }).errors).toEqual([
      { message: 'Query depth limit of 4 exceeded, found 5.', extensions: { code: 'QUERY_TOO_DEEP', details: { limit: 4 } } },
    ]);
  });
});

describe('jsonOnlyPostPlugin', () => {
  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/graphql', ''])(
    'answers 415 to a POST of %j',
    async (contentType) => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: contentType ? { 'content-type': contentType } : {},
        body: 'query={node{id}}',
      });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('runs a JSON POST', async () => {
    expect((await post('{ node { id } }', 'application/json; charset=utf-8')).body.data).toEqual({ node: { id: '1' } });
  });
});
